package io.phoenix.gossip.router;

import io.phoenix.gossip.proto.RpcProto.RPC;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.pubsub.PubSubMessage;
import java.util.List;
import java.util.Map;

/**
 * What one call into {@link GossipRouter} asks its caller to do: RPCs to send (one merged RPC per
 * peer), messages to deliver to local subscribers, and messages waiting for the application
 * validator (answer each with {@link GossipRouter#validated}).
 */
public record Effects(Map<PeerId, RPC> sends, List<PubSubMessage> deliveries, List<PubSubMessage> validations) {
    public static final Effects NONE = new Effects(Map.of(), List.of(), List.of());

    public boolean isEmpty() {
        return sends.isEmpty() && deliveries.isEmpty() && validations.isEmpty();
    }
}
