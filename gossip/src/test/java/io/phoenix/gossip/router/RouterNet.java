package io.phoenix.gossip.router;

import io.phoenix.gossip.TestKeys;
import io.phoenix.gossip.proto.RpcProto.RPC;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.pubsub.PubSubMessage;
import io.phoenix.protocol.p2p.pubsub.ValidationResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/** Routers wired together in virtual time: RPCs travel through a FIFO queue, a filter can drop them. */
final class RouterNet {
    record Envelope(PeerId from, PeerId to, RPC rpc) {}

    final class Node {
        final GossipAuthor author;
        final GossipRouter router;
        final List<PubSubMessage> received = new ArrayList<>();
        Function<PubSubMessage, ValidationResult> validator = m -> ValidationResult.ACCEPT;

        Node(GossipAuthor author, GossipRouter router) {
            this.author = author;
            this.router = router;
        }

        PeerId id() {
            return author.peerId();
        }

        void publish(String topic, String text) {
            apply(this, router.publish(topic, text.getBytes(), now));
        }

        void subscribe(String topic) {
            apply(this, router.subscribe(topic, now));
        }
    }

    final Random random;
    final GossipConfig config;
    long now = 1_700_000_000_000L;
    final List<Node> nodes = new ArrayList<>();
    final Map<PeerId, Node> byId = new HashMap<>();
    final ArrayDeque<Envelope> queue = new ArrayDeque<>();
    final List<Envelope> log = new ArrayList<>();
    Predicate<Envelope> drop = e -> false;

    RouterNet(long seed, GossipConfig config) {
        this.random = new Random(seed);
        this.config = config;
    }

    Node add() {
        GossipAuthor a = TestKeys.author(random);
        Node n = new Node(a, new GossipRouter(config, a, TestKeys.VERIFIER, new Random(random.nextLong()), now));
        nodes.add(n);
        byId.put(n.id(), n);
        return n;
    }

    void connect(Node a, Node b) {
        apply(a, a.router.addPeer(b.id(), true, now));
        apply(b, b.router.addPeer(a.id(), false, now));
    }

    void apply(Node n, Effects e) {
        e.sends().forEach((to, rpc) -> queue.add(new Envelope(n.id(), to, rpc)));
        n.received.addAll(e.deliveries());
        for (PubSubMessage m : e.validations()) apply(n, n.router.validated(m.messageId(), n.validator.apply(m), now));
    }

    void flush() {
        for (int i = 0; i < 1_000_000 && !queue.isEmpty(); i++) {
            Envelope e = queue.poll();
            if (drop.test(e)) continue;
            log.add(e);
            Node to = byId.get(e.to());
            if (to != null) apply(to, to.router.handleRpc(e.from(), e.rpc(), now));
        }
        if (!queue.isEmpty()) throw new AssertionError("RPC storm: queue did not drain");
    }

    void tick() {
        now += config.heartbeatInterval().toMillis();
        for (Node n : nodes) apply(n, n.router.heartbeat(now));
        flush();
    }

    void ticks(int n) {
        for (int i = 0; i < n; i++) tick();
    }
}
