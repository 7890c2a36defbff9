package io.phoenix.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.phoenix.gossip.proto.RpcProto.Message;
import io.phoenix.gossip.proto.RpcProto.RPC;
import io.phoenix.gossip.router.GossipAuthor;
import io.phoenix.gossip.router.GossipConfig;
import io.phoenix.gossip.router.StrictSign;
import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.pubsub.PubSubMessage;
import io.phoenix.protocol.p2p.pubsub.ValidationResult;
import java.io.IOException;
import io.phoenix.protocol.time.SystemScheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GossipSub behaviour over any {@link Host}: run against the in-memory network and real TCP. */
@Timeout(90)
abstract class GossipSubContract {
    static final String T = "phoenix-test";
    static final GossipConfig FAST = GossipConfig.defaults().withHeartbeatInterval(Duration.ofMillis(200));

    final Random random = new Random(42);
    /** Time, timers and threads of every host and gossipsub of a test; closed after them. */
    final SystemScheduler scheduler = new SystemScheduler();

    /** A host for {@code key}, listening; closed by the test. */
    abstract Host newHost(IdentityKey key) throws Exception;
    final List<AutoCloseable> closeables = new ArrayList<>();

    record Node(IdentityKey key, Host host, GossipSub gossip, ConcurrentLinkedQueue<PubSubMessage> received) {}

    Node node() throws Exception {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        IdentityKey key = IdentityKey.fromSeed(seed);
        Host host = newHost(key);
        closeables.add(host);
        GossipSub g = new GossipSub(host, new GossipAuthor(key.peerId(), key.publicKeyProtobuf(), key::sign),
                GossipSub::verifyLibp2p, FAST, scheduler, new Random(random.nextLong()));
        closeables.add(g);
        Node n = new Node(key, host, g, new ConcurrentLinkedQueue<>());
        g.subscribe(T, n.received::add);
        return n;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables.reversed()) c.close();
        scheduler.close();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20); // polling a condition, bounded by the deadline
        }
    }

    static long count(Node n, String text) {
        return n.received().stream().filter(m -> new String(m.data()).equals(text)).count();
    }

    @Test
    void twentyNodeMeshDeliversEveryMessageToEveryNode() throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 20; i++) nodes.add(node());
        for (int i = 1; i < 20; i++) {
            for (int k = 0; k < 3; k++) {
                Node other = nodes.get(random.nextInt(i));
                nodes.get(i).host().connect(other.host().listenAddresses().get(0)).get();
            }
        }
        await(() -> nodes.stream().allMatch(n -> n.gossip().meshPeers(T).size() >= Math.min(4, n.host().connectedPeers().size())), "meshes");
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) nodes.get(i).gossip().publish(T, ("m" + i).getBytes()).get();
        await(() -> nodes.stream().allMatch(n -> n.received().size() >= 19), "every message at every node");
        System.out.printf("%s: 20 messages from 20 nodes reached all 20 nodes in %.1f ms%n",
                getClass().getSimpleName(), (System.nanoTime() - t0) / 1e6);
        for (int i = 0; i < 20; i++) {
            for (int k = 0; k < 20; k++) assertEquals(i == k ? 0 : 1, count(nodes.get(i), "m" + k));
        }
    }

    /** A raw peer that speaks meshsub by hand on a memory host. */
    Stream rawPeer(Host attackerHost, Node target) throws Exception {
        attackerHost.setHandler(GossipSub.MESHSUB_1_1, s -> s.input().transferTo(java.io.OutputStream.nullOutputStream()));
        attackerHost.connect(target.host().listenAddresses().get(0)).get();
        return attackerHost.newStream(target.host().peerId(), List.of(GossipSub.MESHSUB_1_1)).get();
    }

    @Test
    void ForgedGossipSignatureIsRejected() throws Exception {
        Node victim = node(), neighbour = node();
        neighbour.host().connect(victim.host().listenAddresses().get(0)).get();
        await(() -> victim.gossip().meshPeers(T).size() == 1, "mesh");
        IdentityKey attackerKey = IdentityKey.generate(new SecureRandom());
        Host attackerHost = newHost(attackerKey);
        closeables.add(attackerHost);
        Stream s = rawPeer(attackerHost, victim);
        GossipAuthor attacker = new GossipAuthor(attackerKey.peerId(), attackerKey.publicKeyProtobuf(), attackerKey::sign);
        Message forged = StrictSign.sign(attacker, T, "forged".getBytes(), 1).toBuilder()
                .setFrom(ByteString.copyFrom(neighbour.key().peerId().toBytes()))
                .setKey(ByteString.copyFrom(neighbour.key().publicKeyProtobuf())).build();
        RPC sub = RPC.newBuilder().addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(T)).build();
        RpcFraming.write(s.output(), sub);
        RpcFraming.write(s.output(), RPC.newBuilder().addPublish(forged).build());
        await(() -> victim.gossip().score(attackerKey.peerId()) < 0, "attacker's score to drop");
        // a valid message sent after the forgery overtakes nothing: when it arrives, the forgery was judged
        victim.gossip().publish(T, "after".getBytes()).get();
        await(() -> count(neighbour, "after") == 1, "later valid message");
        assertEquals(0, count(victim, "forged"), "not delivered");
        assertEquals(0, count(neighbour, "forged"), "not forwarded");
    }

    @Test
    void RandomAndTruncatedRpcBytesCloseTheStream() throws Exception {
        Node victim = node();
        IdentityKey k = IdentityKey.generate(new SecureRandom());
        Host attackerHost = newHost(k);
        closeables.add(attackerHost);
        for (byte[] junk : List.of(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01},
                new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04}, // 8 MiB length prefix
                new byte[] {0x05, 0x0a, 0x03}, // truncated RPC, then end of stream
                new byte[] {0x04, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff})) { // not protobuf
            Stream s = rawPeer(attackerHost, victim);
            s.output().write(junk);
            s.closeWrite();
            assertThrows(IOException.class, () -> s.input().read(), "stream is reset by the victim");
        }
        // still healthy: a proper peer still gets messages
        Node other = node();
        other.host().connect(victim.host().listenAddresses().get(0)).get();
        await(() -> victim.gossip().meshPeers(T).contains(other.key().peerId()), "mesh with an honest peer");
        victim.gossip().publish(T, "ok".getBytes()).get();
        await(() -> count(other, "ok") == 1, "delivery");
    }

    @Test
    void publishThenCloseStillDeliversWhatWasQueued() throws Exception {
        Node a = node(), b = node();
        a.host().connect(b.host().listenAddresses().get(0)).get();
        await(() -> a.gossip().topicPeers(T).contains(b.key().peerId()), "b's subscription at a");
        a.gossip().publish(T, "last words".getBytes()).get();
        a.gossip().close();
        a.host().close();
        await(() -> count(b, "last words") == 1, "delivery after close");
    }

    @Test
    void validatorRejectStopsForwarding() throws Exception {
        Node a = node(), b = node(), c = node();
        b.host().connect(a.host().listenAddresses().get(0)).get();
        c.host().connect(b.host().listenAddresses().get(0)).get();
        b.gossip().setValidator(T, m -> new String(m.data()).equals("bad") ? ValidationResult.REJECT : ValidationResult.ACCEPT);
        await(() -> b.gossip().meshPeers(T).size() == 2, "mesh");
        a.gossip().publish(T, "bad".getBytes()).get();
        a.gossip().publish(T, "good".getBytes()).get();
        await(() -> count(c, "good") == 1, "good message");
        assertEquals(0, count(b, "bad"));
        assertEquals(0, count(c, "bad"));
        assertTrue(b.gossip().score(a.key().peerId()) < 0);
        PeerId ignored = a.key().peerId();
        assertTrue(b.gossip().peers().contains(ignored));
    }
}
