package io.phoenix.protocol.p2p.pubsub;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/** Topic-based publish/subscribe (gossipsub over a {@link io.phoenix.protocol.p2p.Host}, or in memory). */
public interface PubSub extends AutoCloseable {
    /** Subscribes; {@code handler} receives every accepted message on the topic (not our own). */
    void subscribe(String topic, Consumer<PubSubMessage> handler);

    void unsubscribe(String topic);

    /** Validator run on every message of the topic before delivery and forwarding. */
    void setValidator(String topic, Function<PubSubMessage, ValidationResult> validator);

    /** Signs and publishes; completes when handed to the peers (or fails with the cause). */
    CompletableFuture<Void> publish(String topic, byte[] data);

    @Override
    void close();
}
