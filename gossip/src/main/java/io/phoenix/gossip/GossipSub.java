package io.phoenix.gossip;

import io.phoenix.gossip.proto.RpcProto.RPC;
import io.phoenix.gossip.router.Effects;
import io.phoenix.gossip.router.GossipAuthor;
import io.phoenix.gossip.router.GossipConfig;
import io.phoenix.gossip.router.GossipRouter;
import io.phoenix.gossip.router.SignatureVerifier;
import io.phoenix.protocol.p2p.ConnectionListener;
import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.crypto.PublicKeys;
import io.phoenix.protocol.p2p.pubsub.PubSub;
import io.phoenix.protocol.p2p.pubsub.PubSubMessage;
import io.phoenix.protocol.p2p.pubsub.ValidationResult;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.protocol.time.Task;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Gossipsub v1.1 over any {@link Host}: serves {@code /meshsub/1.1.0} and {@code /meshsub/1.0.0}
 * (so {@code /meshsub/1.2.0} is answered {@code na}), opens one outbound stream per peer and only
 * writes to it, reads the peer's own stream, and drives a {@link GossipRouter} with the heartbeat.
 * Time (the router's milliseconds come from the scheduler's wall clock), the heartbeat timer, the
 * writer and delivery threads come from the injected {@link Scheduler}; the router's random choices
 * from the injected {@link Random}.
 */
public final class GossipSub implements PubSub {
    public static final String MESHSUB_1_1 = "/meshsub/1.1.0";
    public static final String MESHSUB_1_0 = "/meshsub/1.0.0";
    public static final List<String> PROTOCOLS = List.of(MESHSUB_1_1, MESHSUB_1_0);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(GossipSub.class.getName());

    private final Host host;
    private final GossipConfig config;
    private final Scheduler scheduler;
    private final Clock clock;
    private final GossipRouter router;
    private final Map<PeerId, PeerChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, Consumer<PubSubMessage>> handlers = new ConcurrentHashMap<>();
    private final Map<String, Function<PubSubMessage, ValidationResult>> validators = new ConcurrentHashMap<>();
    private final DeliveryQueue delivery;
    private final Task heartbeat;
    private volatile boolean closed;

    /** Gossipsub for {@code key} on {@code host} with default parameters and signature checks. */
    public static GossipSub start(Host host, IdentityKey key, Scheduler scheduler, Random random) {
        return new GossipSub(host, new GossipAuthor(key.peerId(), key.publicKeyProtobuf(), key::sign),
                GossipSub::verifyLibp2p, GossipConfig.defaults(), scheduler, random);
    }

    /** Verifies with {@link PublicKeys#verify}; a malformed key is a failed verification. */
    public static boolean verifyLibp2p(byte[] publicKeyProtobuf, byte[] message, byte[] signature) {
        try {
            return PublicKeys.verify(publicKeyProtobuf, message, signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Starts gossipsub on {@code host} (serving its protocols at once); {@code scheduler} gives it
     * time, the heartbeat and its threads, {@code random} the router's random choices (seed it to
     * replay a run). {@link #close} stops it; the scheduler stays the caller's.
     */
    public GossipSub(Host host, GossipAuthor author, SignatureVerifier verifier, GossipConfig config, Scheduler scheduler, Random random) {
        if (!author.peerId().equals(host.peerId())) throw new IllegalArgumentException("author is not the host's identity");
        this.host = host;
        this.config = config;
        this.scheduler = scheduler;
        this.clock = scheduler.clock();
        this.router = new GossipRouter(config, author, verifier, random, clock.millis());
        this.delivery = new DeliveryQueue(scheduler, "gossip-delivery");
        for (String p : PROTOCOLS) host.setHandler(p, this::serveInbound);
        host.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(PeerId peer, Multiaddr remoteAddress, boolean inbound) {
                ensurePeer(peer, !inbound);
            }

            @Override
            public void disconnected(PeerId peer) {
                dropPeer(peer);
            }
        });
        for (PeerId p : host.connectedPeers()) ensurePeer(p, false);
        Duration first = Duration.ofMillis(Math.min(100, config.heartbeatInterval().toMillis()));
        heartbeat = scheduler.scheduleWithFixedDelay(first, config.heartbeatInterval(), this::tick);
    }

    // ---------------------------------------------------------------- PubSub

    @Override
    public void subscribe(String topic, Consumer<PubSubMessage> handler) {
        handlers.put(topic, handler);
        dispatch(call(r -> r.subscribe(topic, clock.millis())));
    }

    @Override
    public void unsubscribe(String topic) {
        handlers.remove(topic);
        dispatch(call(r -> r.unsubscribe(topic, clock.millis())));
    }

    @Override
    public void setValidator(String topic, Function<PubSubMessage, ValidationResult> validator) {
        validators.put(topic, validator);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] data) {
        if (closed) return CompletableFuture.failedFuture(new IllegalStateException("gossipsub is closed"));
        try {
            dispatch(call(r -> r.publish(topic, data, clock.millis())));
            return CompletableFuture.completedFuture(null);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Peers in our mesh for {@code topic} (diagnostics). */
    public Set<PeerId> meshPeers(String topic) {
        synchronized (router) {
            return router.mesh(topic);
        }
    }

    /** Peers known to be subscribed to {@code topic}. */
    public Set<PeerId> topicPeers(String topic) {
        synchronized (router) {
            return router.topicPeers(topic);
        }
    }

    /** Peers we exchange gossip with (those with an outbound channel). */
    public Set<PeerId> peers() {
        return Set.copyOf(channels.keySet());
    }

    /** The router's score of {@code peer} (diagnostics, tests). */
    public double score(PeerId peer) {
        synchronized (router) {
            return router.score(peer);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (String p : PROTOCOLS) host.removeHandler(p);
        heartbeat.cancel();
        List<PeerChannel> all = List.copyOf(channels.values());
        channels.clear();
        all.forEach(PeerChannel::stop);
        long deadline = scheduler.nanoTime() + CLOSE_GRACE.toNanos();
        for (PeerChannel c : all) c.await(deadline);
        delivery.stop();
    }

    // ---------------------------------------------------------------- wiring

    private Effects call(Function<GossipRouter, Effects> f) {
        synchronized (router) {
            return f.apply(router);
        }
    }

    private void tick() {
        try {
            dispatch(call(r -> r.heartbeat(clock.millis())));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "gossip heartbeat failed", e);
        }
    }

    /**
     * Makes {@code peer} known to the router with a channel to it. Channel map and router change
     * together under the router lock, so an RPC read after this returns always finds the peer.
     */
    private void ensurePeer(PeerId peer, boolean outbound) {
        if (closed) return;
        PeerChannel channel;
        synchronized (router) {
            if (channels.containsKey(peer)) return;
            channel = new PeerChannel(host, peer, PROTOCOLS, config.maxRpcSize(), this::channelFailed, scheduler);
            channels.put(peer, channel);
            Effects hello = router.addPeer(peer, outbound, clock.millis());
            RPC first = hello.sends().get(peer);
            if (first != null) channel.offer(first); // our subscriptions go first
        }
        channel.start();
    }

    private void channelFailed(PeerChannel channel) {
        Effects e;
        synchronized (router) {
            if (!channels.remove(channel.peer(), channel)) return;
            e = router.removePeer(channel.peer(), clock.millis());
        }
        dispatch(e);
    }

    private void dropPeer(PeerId peer) {
        PeerChannel c;
        Effects e;
        synchronized (router) {
            c = channels.remove(peer);
            e = router.removePeer(peer, clock.millis());
        }
        if (c != null) c.stop();
        dispatch(e);
    }

    /** Reads the remote's RPCs until it closes; malformed input ends (resets) the stream. */
    private void serveInbound(Stream stream) throws Exception {
        PeerId peer = stream.remotePeer();
        ensurePeer(peer, false);
        while (!closed) {
            RPC rpc = RpcFraming.read(stream.input(), config.maxRpcSize());
            if (rpc == null) return;
            // our outbound stream may have failed (e.g. the peer is closing): what it sent still counts
            if (!channels.containsKey(peer)) ensurePeer(peer, false);
            dispatch(call(r -> r.handleRpc(peer, rpc, clock.millis())));
        }
    }

    private void dispatch(Effects effects) {
        while (!effects.isEmpty()) {
            effects.sends().forEach((peer, rpc) -> {
                PeerChannel c = channels.get(peer);
                if (c != null) c.offer(rpc);
            });
            for (PubSubMessage m : effects.deliveries()) {
                Consumer<PubSubMessage> h = handlers.get(m.topic());
                if (h != null && !closed) delivery.execute(() -> deliver(h, m));
            }
            Effects next = Effects.NONE;
            for (PubSubMessage m : effects.validations()) {
                ValidationResult verdict = validate(m);
                Effects e = call(r -> r.validated(m.messageId(), verdict, clock.millis()));
                next = merge(next, e);
            }
            effects = next;
        }
    }

    private ValidationResult validate(PubSubMessage m) {
        Function<PubSubMessage, ValidationResult> v = validators.get(m.topic());
        if (v == null) return ValidationResult.ACCEPT;
        try {
            return v.apply(m);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "validator for " + m.topic() + " failed; message ignored", e);
            return ValidationResult.IGNORE;
        }
    }

    private static void deliver(Consumer<PubSubMessage> handler, PubSubMessage m) {
        try {
            handler.accept(m);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "subscriber of " + m.topic() + " failed", e);
        }
    }

    private static Effects merge(Effects a, Effects b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        Map<PeerId, RPC> sends = new HashMap<>(a.sends());
        b.sends().forEach((p, r) -> sends.merge(p, r, (x, y) -> x.toBuilder().mergeFrom(y).build()));
        List<PubSubMessage> del = new ArrayList<>(a.deliveries());
        del.addAll(b.deliveries());
        List<PubSubMessage> val = new ArrayList<>(a.validations());
        val.addAll(b.validations());
        return new Effects(sends, del, val);
    }
}
