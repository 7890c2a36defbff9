package io.phoenix.gossip.router;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.phoenix.gossip.TestKeys;
import io.phoenix.gossip.proto.RpcProto.ControlGraft;
import io.phoenix.gossip.proto.RpcProto.ControlMessage;
import io.phoenix.gossip.proto.RpcProto.ControlPrune;
import io.phoenix.gossip.proto.RpcProto.Message;
import io.phoenix.gossip.proto.RpcProto.RPC;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.pubsub.PubSubMessage;
import io.phoenix.protocol.p2p.pubsub.ValidationResult;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GossipRouterTest {
    static final String T = "phoenix-test";

    static RPC subscribe(String topic) {
        return RPC.newBuilder().addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(topic)).build();
    }

    static RPC control(ControlMessage.Builder c) {
        return RPC.newBuilder().setControl(c).build();
    }

    static boolean hasGraft(Effects e, PeerId to) {
        RPC rpc = e.sends().get(to);
        return rpc != null && rpc.getControl().getGraftCount() > 0;
    }

    static boolean hasPrune(Effects e, PeerId to) {
        RPC rpc = e.sends().get(to);
        return rpc != null && rpc.getControl().getPruneCount() > 0;
    }

    static long count(List<PubSubMessage> received, String text) {
        return received.stream().filter(m -> new String(m.data()).equals(text)).count();
    }

    @Test
    void meshFormsWithinDegreeBoundsAndIsSymmetric() {
        RouterNet net = new RouterNet(1, GossipConfig.defaults());
        for (int i = 0; i < 20; i++) net.add();
        for (int i = 0; i < 20; i++) {
            for (int j = i + 1; j < 20; j++) if (net.random.nextInt(20) < 12) net.connect(net.nodes.get(i), net.nodes.get(j));
        }
        net.nodes.forEach(n -> n.subscribe(T));
        net.flush();
        net.ticks(5);
        for (RouterNet.Node n : net.nodes) {
            Set<PeerId> mesh = n.router.mesh(T);
            assertTrue(mesh.size() >= 4 && mesh.size() <= 12, "mesh size " + mesh.size());
            for (PeerId p : mesh) assertTrue(net.byId.get(p).router.mesh(T).contains(n.id()), "mesh is symmetric");
        }
    }

    @Test
    void everyMessageReachesEveryNodeExactlyOnce() {
        RouterNet net = new RouterNet(2, GossipConfig.defaults().withFloodPublish(false));
        for (int i = 0; i < 20; i++) net.add();
        for (int i = 1; i < 20; i++) { // a random tree plus extra links: connected
            net.connect(net.nodes.get(i), net.nodes.get(net.random.nextInt(i)));
            net.connect(net.nodes.get(i), net.nodes.get(net.random.nextInt(i)));
        }
        net.nodes.forEach(n -> n.subscribe(T));
        net.flush();
        net.ticks(3);
        for (int k = 0; k < 10; k++) {
            net.nodes.get(k).publish(T, "m" + k);
            net.flush();
        }
        for (RouterNet.Node n : net.nodes) {
            for (int k = 0; k < 10; k++) {
                assertEquals(n == net.nodes.get(k) ? 0 : 1, count(n.received, "m" + k), "m" + k + " at node");
            }
        }
    }

    @Test
    void gossipRepairsALostMessageViaIHaveIWant() {
        RouterNet net = new RouterNet(3, GossipConfig.defaults().withFloodPublish(false));
        for (int i = 0; i < 12; i++) net.add();
        for (int i = 0; i < 12; i++) for (int j = i + 1; j < 12; j++) net.connect(net.nodes.get(i), net.nodes.get(j));
        net.nodes.forEach(n -> n.subscribe(T));
        net.flush();
        net.ticks(3);
        RouterNet.Node victim = net.nodes.get(11);
        net.drop = e -> e.to().equals(victim.id()) && e.rpc().getPublishCount() > 0;
        net.nodes.get(0).publish(T, "lost");
        net.flush();
        assertEquals(0, count(victim.received, "lost"), "eager push to the victim was dropped");
        net.drop = e -> false;
        int before = net.log.size();
        net.ticks(3);
        assertEquals(1, count(victim.received, "lost"), "repaired by gossip");
        List<RouterNet.Envelope> after = net.log.subList(before, net.log.size());
        assertTrue(after.stream().anyMatch(e -> e.to().equals(victim.id()) && e.rpc().getControl().getIhaveCount() > 0));
        assertTrue(after.stream().anyMatch(e -> e.from().equals(victim.id()) && e.rpc().getControl().getIwantCount() > 0));
    }

    @Test
    void pruneBackoffIsHonouredAndGraftDuringBackoffIsPenalised() {
        RouterNet net = new RouterNet(4, GossipConfig.defaults());
        RouterNet.Node r = net.add();
        GossipAuthor fake = TestKeys.author(net.random);
        r.subscribe(T);
        net.queue.clear();
        r.router.addPeer(fake.peerId(), true, net.now);
        r.router.handleRpc(fake.peerId(), subscribe(T), net.now);
        net.now += 1000;
        assertTrue(hasGraft(r.router.heartbeat(net.now), fake.peerId()), "grafts a subscribed peer");
        assertTrue(r.router.mesh(T).contains(fake.peerId()));

        r.router.handleRpc(fake.peerId(), control(ControlMessage.newBuilder()
                .addPrune(ControlPrune.newBuilder().setTopicID(T).setBackoff(60))), net.now);
        long prunedAt = net.now;
        assertFalse(r.router.mesh(T).contains(fake.peerId()));
        while (net.now < prunedAt + 59_000) {
            net.now += 1000;
            assertFalse(hasGraft(r.router.heartbeat(net.now), fake.peerId()), "no GRAFT during the backoff");
        }
        assertEquals(0.0, r.router.score(fake.peerId()));
        Effects answer = r.router.handleRpc(fake.peerId(), control(ControlMessage.newBuilder()
                .addGraft(ControlGraft.newBuilder().setTopicID(T))), net.now);
        assertTrue(hasPrune(answer, fake.peerId()), "GRAFT during backoff is answered with PRUNE");
        assertTrue(r.router.score(fake.peerId()) < 0, "and costs behaviour penalty (P7)");
        assertFalse(r.router.mesh(T).contains(fake.peerId()));

        // the refreshed backoff (60 s from the GRAFT) expires; the penalty decays below zero-threshold... later
        boolean grafted = false;
        for (int i = 0; i < 62 && !grafted; i++) {
            net.now += 1000;
            grafted = hasGraft(r.router.heartbeat(net.now), fake.peerId());
        }
        assertFalse(grafted, "a peer with negative score is not grafted");
    }

    @Test
    void backoffExpiresAndPeerIsGraftedAgain() {
        RouterNet net = new RouterNet(5, GossipConfig.defaults());
        RouterNet.Node r = net.add();
        GossipAuthor fake = TestKeys.author(net.random);
        r.subscribe(T);
        r.router.addPeer(fake.peerId(), true, net.now);
        r.router.handleRpc(fake.peerId(), subscribe(T), net.now);
        r.router.handleRpc(fake.peerId(), control(ControlMessage.newBuilder()
                .addGraft(ControlGraft.newBuilder().setTopicID(T))), net.now);
        assertTrue(r.router.mesh(T).contains(fake.peerId()));
        r.router.handleRpc(fake.peerId(), control(ControlMessage.newBuilder()
                .addPrune(ControlPrune.newBuilder().setTopicID(T).setBackoff(10))), net.now);
        long prunedAt = net.now;
        long graftedAt = -1;
        for (int i = 0; i < 20 && graftedAt < 0; i++) {
            net.now += 1000;
            if (hasGraft(r.router.heartbeat(net.now), fake.peerId())) graftedAt = net.now;
        }
        assertTrue(graftedAt >= prunedAt + 10_000 && graftedAt <= prunedAt + 11_000, "grafted right after 10 s backoff");
    }

    static Message forge(GossipAuthor claimed, GossipAuthor actualSigner, String topic, String text) {
        Message real = StrictSign.sign(actualSigner, topic, text.getBytes(), 42);
        return real.toBuilder().setFrom(ByteString.copyFrom(claimed.peerId().toBytes()))
                .setKey(ByteString.copyFrom(claimed.publicKeyProtobuf())).build();
    }

    @Test
    void forgedSignatureIsRejectedNotForwardedAndSenderScoreDrops() {
        RouterNet net = new RouterNet(6, GossipConfig.defaults());
        RouterNet.Node r = net.add();
        GossipAuthor attacker = TestKeys.author(net.random);
        GossipAuthor victim = TestKeys.author(net.random);
        GossipAuthor bystander = TestKeys.author(net.random);
        r.subscribe(T);
        for (GossipAuthor p : List.of(attacker, bystander)) {
            r.router.addPeer(p.peerId(), true, net.now);
            r.router.handleRpc(p.peerId(), subscribe(T), net.now);
            r.router.handleRpc(p.peerId(), control(ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID(T))), net.now);
        }
        assertTrue(r.router.mesh(T).contains(bystander.peerId()));

        Effects e = r.router.handleRpc(attacker.peerId(),
                RPC.newBuilder().addPublish(forge(victim, attacker, T, "forged")).build(), net.now);
        assertTrue(e.validations().isEmpty() && e.deliveries().isEmpty(), "not delivered");
        assertFalse(e.sends().containsKey(bystander.peerId()), "not forwarded");
        assertTrue(r.router.score(attacker.peerId()) < GossipConfig.defaults().score().gossipThreshold());

        // a second invalid message: graylisted, even its valid messages are ignored
        r.router.handleRpc(attacker.peerId(), RPC.newBuilder().addPublish(
                StrictSign.sign(attacker, T, "bad".getBytes(), 1).toBuilder().setData(ByteString.copyFromUtf8("tampered"))).build(), net.now);
        assertTrue(r.router.score(attacker.peerId()) < GossipConfig.defaults().score().graylistThreshold());
        Effects ignored = r.router.handleRpc(attacker.peerId(),
                RPC.newBuilder().addPublish(StrictSign.sign(attacker, T, "valid".getBytes(), 2)).build(), net.now);
        assertTrue(ignored.isEmpty(), "graylisted peer's RPCs are ignored");

        // a valid message from the bystander still flows
        Effects ok = r.router.handleRpc(bystander.peerId(),
                RPC.newBuilder().addPublish(StrictSign.sign(bystander, T, "fine".getBytes(), 3)).build(), net.now);
        assertEquals(1, ok.validations().size());
    }

    @Test
    void unsignedOrMalformedMessagesAreRejected() {
        RouterNet net = new RouterNet(7, GossipConfig.defaults());
        RouterNet.Node r = net.add();
        GossipAuthor peer = TestKeys.author(net.random);
        r.subscribe(T);
        r.router.addPeer(peer.peerId(), true, net.now);
        Message good = StrictSign.sign(peer, T, "x".getBytes(), 7);
        for (Message bad : List.of(good.toBuilder().clearSignature().build(), good.toBuilder().clearFrom().build(),
                good.toBuilder().setSeqno(ByteString.copyFrom(new byte[4])).build(),
                good.toBuilder().setFrom(ByteString.copyFromUtf8("junk")).build())) {
            Effects e = r.router.handleRpc(peer.peerId(), RPC.newBuilder().addPublish(bad).build(), net.now);
            assertTrue(e.validations().isEmpty());
        }
        assertTrue(r.router.score(peer.peerId()) < 0);
    }

    @Test
    void validatorRejectIsNotForwardedAndPenalisesTheSender() {
        RouterNet net = new RouterNet(8, GossipConfig.defaults().withFloodPublish(false));
        RouterNet.Node a = net.add(), b = net.add(), c = net.add();
        net.connect(a, b);
        net.connect(b, c);
        List.of(a, b, c).forEach(n -> n.subscribe(T));
        net.flush();
        net.ticks(2);
        b.validator = m -> new String(m.data()).startsWith("bad") ? ValidationResult.REJECT
                : new String(m.data()).startsWith("meh") ? ValidationResult.IGNORE : ValidationResult.ACCEPT;
        a.publish(T, "meh");
        net.flush();
        assertEquals(0, count(c.received, "meh"));
        assertEquals(0.0, b.router.score(a.id()), "IGNORE does not penalise");
        a.publish(T, "bad");
        net.flush();
        assertEquals(0, count(b.received, "bad"));
        assertEquals(0, count(c.received, "bad"), "REJECT is not forwarded");
        assertTrue(b.router.score(a.id()) < 0, "REJECT penalises the sender (P4)");
        a.publish(T, "good");
        net.flush();
        assertEquals(1, count(c.received, "good"));
    }

    @Test
    void messageIdIsJsDefaultAndSeqnosAreMonotonic() {
        // golden vector from a js-libp2p 2.10 / gossipsub 14.1.2 run: msgId = PublicKey protobuf ‖ seqno
        PeerId from = PeerId.parse("12D3KooWFLMQGEY7DZ6F5AJJWbBLn2vvomgoA7ovsv1Z8DfHJwaH");
        ByteString id = StrictSign.messageId(from.inlinePublicKey(), ByteString.fromHex("9299f180175d9583"));
        assertEquals("0801122051f8fde3765a1028641153f2127d23fc945d607fe786e78c2e1c9c562788990a9299f180175d9583",
                hex(id.toByteArray()));

        RouterNet net = new RouterNet(9, GossipConfig.defaults());
        RouterNet.Node a = net.add(), b = net.add();
        net.connect(a, b);
        a.subscribe(T);
        b.subscribe(T);
        net.flush();
        a.publish(T, "one");
        a.publish(T, "two");
        net.flush();
        assertEquals(2, b.received.size());
        long s1 = ByteBuffer.wrap(b.received.get(0).seqno()).getLong();
        long s2 = ByteBuffer.wrap(b.received.get(1).seqno()).getLong();
        assertEquals(s1 + 1, s2);
        assertArrayEquals(StrictSign.messageId(a.author.publicKeyProtobuf(), ByteString.copyFrom(b.received.get(0).seqno())).toByteArray(),
                b.received.get(0).messageId());
        assertEquals(a.id(), b.received.get(0).from());
    }

    @Test
    void fanoutIsUsedWhenNotSubscribedAndExpires() {
        RouterNet net = new RouterNet(10, GossipConfig.defaults().withFloodPublish(false));
        RouterNet.Node pub = net.add();
        for (int i = 0; i < 9; i++) {
            RouterNet.Node n = net.add();
            net.connect(pub, n);
            for (int j = 1; j < net.nodes.size() - 1; j++) net.connect(net.nodes.get(j), n);
            n.subscribe(T);
        }
        net.flush();
        net.ticks(2);
        pub.publish(T, "fan");
        net.flush();
        assertEquals(6, pub.router.fanout(T).size(), "fanout of D peers");
        long got = net.nodes.stream().filter(n -> count(n.received, "fan") == 1).count();
        assertEquals(9, got, "mesh of the subscribers spreads it to all");
        net.now += 61_000;
        net.tick();
        assertTrue(pub.router.fanout(T).isEmpty(), "fanout expires after its TTL");
    }

    @Test
    void seenCacheDropsDuplicatesForTwoMinutes() {
        RouterNet net = new RouterNet(11, GossipConfig.defaults());
        RouterNet.Node r = net.add();
        GossipAuthor peer = TestKeys.author(net.random);
        r.subscribe(T);
        r.router.addPeer(peer.peerId(), true, net.now);
        RPC rpc = RPC.newBuilder().addPublish(StrictSign.sign(peer, T, "dup".getBytes(), 5)).build();
        net.apply(r, r.router.handleRpc(peer.peerId(), rpc, net.now));
        net.apply(r, r.router.handleRpc(peer.peerId(), rpc, net.now));
        assertEquals(1, r.received.size());
        for (int i = 0; i < 121; i++) net.tick();
        net.apply(r, r.router.handleRpc(peer.peerId(), rpc, net.now));
        assertEquals(2, r.received.size(), "seen entry expired after 2 minutes");
    }

    @Test
    void BrokenIHavePromiseIsPenalised() {
        RouterNet net = new RouterNet(12, GossipConfig.defaults());
        RouterNet.Node r = net.add();
        GossipAuthor liar = TestKeys.author(net.random), honest = TestKeys.author(net.random);
        r.subscribe(T);
        for (GossipAuthor p : List.of(liar, honest)) {
            r.router.addPeer(p.peerId(), true, net.now);
            r.router.handleRpc(p.peerId(), subscribe(T), net.now);
        }
        Message real = StrictSign.sign(honest, T, "real".getBytes(), 77);
        ByteString realId = StrictSign.messageId(honest.publicKeyProtobuf(), real.getSeqno());
        ByteString fakeId = ByteString.copyFromUtf8("no such message");
        for (GossipAuthor p : List.of(liar, honest)) {
            ByteString id = p == liar ? fakeId : realId;
            Effects e = r.router.handleRpc(p.peerId(), control(ControlMessage.newBuilder().addIhave(
                    io.phoenix.gossip.proto.RpcProto.ControlIHave.newBuilder().setTopicID(T).addMessageIDs(id))), net.now);
            assertEquals(List.of(id), e.sends().get(p.peerId()).getControl().getIwant(0).getMessageIDsList(), "IWANT sent");
        }
        net.apply(r, r.router.handleRpc(honest.peerId(), RPC.newBuilder().addPublish(real).build(), net.now));
        for (int i = 0; i < 4; i++) {
            net.now += 1000;
            r.router.heartbeat(net.now);
        }
        assertTrue(r.router.score(liar.peerId()) < 0, "unfulfilled IWANT costs P7");
        assertEquals(0.0, r.router.score(honest.peerId()), "delivered promise costs nothing");
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x));
        return sb.toString();
    }
}
