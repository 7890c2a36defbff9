package io.phoenix.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.phoenix.gossip.proto.RpcProto.Message;
import io.phoenix.gossip.proto.RpcProto.RPC;
import io.phoenix.gossip.router.GossipAuthor;
import io.phoenix.gossip.router.StrictSign;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.host.Libp2pHost;
import io.phoenix.protocol.p2p.host.Libp2pHostConfig;
import io.phoenix.protocol.p2p.interop.JsPeer;
import io.phoenix.protocol.p2p.pubsub.PubSubMessage;
import io.phoenix.protocol.time.SystemScheduler;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gossipsub with a real js-libp2p 2.10 / @chainsafe/libp2p-gossipsub 14.1.2 peer (protocol's src/test/js-peer). */
@Timeout(120)
class GossipJsInteropIT {
    static final String T = "phoenix-test";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final SystemScheduler SCHEDULER = new SystemScheduler();
    private static String moduleBasedir;

    /** JsPeer (protocol's test-jar) installs from ${basedir}/src/test/js-peer: the pom copies it to target/js-home. */
    @BeforeAll
    static void pointJsPeerAtTheCopy() {
        moduleBasedir = System.getProperty("basedir", "");
        System.setProperty("basedir", java.nio.file.Path.of(moduleBasedir).toAbsolutePath().resolve("target/js-home").toString());
    }

    @AfterAll
    static void restoreBasedir() {
        System.setProperty("basedir", moduleBasedir);
    }

    record Java(IdentityKey key, Libp2pHost host, GossipSub gossip, ConcurrentLinkedQueue<PubSubMessage> received) implements AutoCloseable {
        static Java start() throws Exception {
            IdentityKey key = IdentityKey.generate(new SecureRandom());
            Libp2pHost host = new Libp2pHost(key, Libp2pHostConfig.defaults(), SCHEDULER, new SecureRandom());
            host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
            GossipSub g = GossipSub.start(host, key, SCHEDULER, new SecureRandom());
            Java j = new Java(key, host, g, new ConcurrentLinkedQueue<>());
            g.subscribe(T, j.received::add);
            return j;
        }

        long count(String text) {
            return received.stream().filter(m -> new String(m.data()).equals(text)).count();
        }

        @Override
        public void close() {
            gossip.close();
            host.close();
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20); // polling a condition, bounded by the deadline
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @ParameterizedTest(name = "javaDials={0}")
    @ValueSource(booleans = {true, false})
    void signedMessagesFlowBothWaysWithJsCompatibleIds(boolean javaDials) throws Exception {
        try (Java java = Java.start()) {
            String ours = java.host().listenAddresses().get(0).toString();
            List<String> args = new java.util.ArrayList<>(List.of("peer.mjs", "--topic", T, "--publish", "hello from js",
                    "--publish-count", "3", "--publish-interval", "300", "--expect-messages", "3", "--ping-count", "0", "--timeout", "60"));
            if (!javaDials) args.addAll(List.of("--dial", ours));
            try (JsPeer js = JsPeer.start(args.get(0), args.subList(1, args.size()).toArray(String[]::new))) {
                String listening = js.await("listening", WAIT);
                PeerId jsId = PeerId.parse(JsPeer.field(listening, "peerId"));
                if (javaDials) java.host().connect(Multiaddr.parse(JsPeer.array(listening, "addrs").get(0))).get(20, TimeUnit.SECONDS);
                await(() -> java.gossip().topicPeers(T).contains(jsId), "js's subscription");
                for (int i = 1; i <= 3; i++) java.gossip().publish(T, ("hello from java #" + i).getBytes()).get();

                await(() -> java.received().size() >= 3, "3 messages from js");
                for (int i = 1; i <= 3; i++) assertEquals(1, java.count("hello from js #" + i));
                for (PubSubMessage m : java.received()) {
                    assertEquals(jsId, m.from());
                    assertEquals(jsId, m.receivedFrom());
                    // js's own id for it: PublicKey protobuf ‖ seqno
                    assertEquals(JsPeer.field(listening, "publicKeyProtobufHex") + hex(m.seqno()), hex(m.messageId()));
                }
                String ourKeyHex = hex(java.key().publicKeyProtobuf());
                for (int i = 1; i <= 3; i++) {
                    String text = "hello from java #" + i;
                    String ev = js.await("message", l -> text.equals(JsPeer.field(l, "data")), WAIT);
                    assertTrue(ev.contains("\"signed\":true"), ev);
                    assertEquals(java.key().peerId().toString(), JsPeer.field(ev, "from"));
                    assertEquals(ourKeyHex + JsPeer.field(ev, "seqno"), JsPeer.field(ev, "msgIdHex"), "js computes the same message id");
                }
                assertEquals(0, js.waitForExit(WAIT), "js peer met its expectations without errors:\n" + js.output());
                String summary = js.await("connection-summary", WAIT);
                assertTrue(summary.contains("{\"protocol\":\"/meshsub/1.1.0\",\"direction\":\"outbound\"}")
                        && summary.contains("{\"protocol\":\"/meshsub/1.1.0\",\"direction\":\"inbound\"}"),
                        "js fell back from /meshsub/1.2.0 to 1.1.0, one stream each way: " + summary);
            }
        }
    }

    @Test
    void fallsBackToMeshsub10WithAPeerThatOnlySpeaksIt() throws Exception {
        try (Java java = Java.start();
             JsPeer js = JsPeer.start("peer.mjs", "--topic", T, "--meshsub", "/meshsub/1.0.0", "--publish", "v10", "--publish-count", "1",
                     "--expect-messages", "1", "--ping-count", "0", "--timeout", "60")) {
            String listening = js.await("listening", WAIT);
            PeerId jsId = PeerId.parse(JsPeer.field(listening, "peerId"));
            java.host().connect(Multiaddr.parse(JsPeer.array(listening, "addrs").get(0))).get(20, TimeUnit.SECONDS);
            await(() -> java.gossip().topicPeers(T).contains(jsId), "js's subscription over /meshsub/1.0.0");
            java.gossip().publish(T, "from java over 1.0".getBytes()).get();
            await(() -> java.count("v10") == 1, "js's message over /meshsub/1.0.0");
            js.await("message", l -> "from java over 1.0".equals(JsPeer.field(l, "data")), WAIT);
            assertEquals(0, js.waitForExit(WAIT), js.output());
            String summary = js.await("connection-summary", WAIT);
            assertTrue(summary.contains("{\"protocol\":\"/meshsub/1.0.0\",\"direction\":\"outbound\"}")
                    && summary.contains("{\"protocol\":\"/meshsub/1.0.0\",\"direction\":\"inbound\"}"), summary);
        }
    }

    @Test
    void javaRelaysBetweenTwoJsPeers() throws Exception {
        try (Java java = Java.start()) {
            String ours = java.host().listenAddresses().get(0).toString();
            try (JsPeer receiver = JsPeer.start("peer.mjs", "--topic", T, "--dial", ours, "--expect-messages", "3", "--ping-count", "0", "--timeout", "60")) {
                // gossipsub does not replay history to late mesh members: the receiver must be meshed before the sender publishes
                PeerId receiverId = PeerId.parse(JsPeer.field(receiver.await("listening", WAIT), "peerId"));
                await(() -> java.gossip().meshPeers(T).contains(receiverId), "receiver in the Java node's mesh");
                receiver.await("graft", WAIT);
                try (JsPeer sender = JsPeer.start("peer.mjs", "--topic", T, "--dial", ours, "--publish", "relayed", "--publish-count", "3",
                         "--publish-interval", "300", "--ping-count", "0", "--timeout", "60")) {
                    for (int i = 1; i <= 3; i++) {
                        String text = "relayed #" + i;
                        String ev = receiver.await("message", l -> text.equals(JsPeer.field(l, "data")), WAIT);
                        assertEquals(java.host().peerId().toString(), JsPeer.field(ev, "propagationSource"), "came through the Java node");
                        assertEquals(JsPeer.field(sender.await("listening", WAIT), "peerId"), JsPeer.field(ev, "from"), "author kept");
                    }
                    assertEquals(0, receiver.waitForExit(WAIT), receiver.output());
                }
            }
        }
    }

    @Test
    void ForgedGossipSignatureIsRejected() throws Exception {
        try (Java java = Java.start();
             JsPeer js = JsPeer.start("peer.mjs", "--topic", T, "--dial", java.host().listenAddresses().get(0).toString(),
                     "--ping-count", "0", "--timeout", "60")) {
            PeerId jsId = PeerId.parse(JsPeer.field(js.await("listening", WAIT), "peerId"));
            await(() -> java.gossip().meshPeers(T).contains(jsId), "js in the Java node's mesh");

            IdentityKey attackerKey = IdentityKey.generate(new SecureRandom());
            try (Libp2pHost attacker = new Libp2pHost(attackerKey, Libp2pHostConfig.defaults(), SCHEDULER, new SecureRandom())) {
                attacker.setHandler(GossipSub.MESHSUB_1_1, s -> s.input().transferTo(OutputStream.nullOutputStream()));
                attacker.connect(java.host().listenAddresses().get(0)).get(20, TimeUnit.SECONDS);
                Stream s = attacker.newStream(java.host().peerId(), List.of(GossipSub.MESHSUB_1_1)).get(20, TimeUnit.SECONDS);
                GossipAuthor signer = new GossipAuthor(attackerKey.peerId(), attackerKey.publicKeyProtobuf(), attackerKey::sign);
                // claims to be the js peer, signed with the attacker's key
                Message forged = StrictSign.sign(signer, T, "forged".getBytes(), 7).toBuilder()
                        .setFrom(ByteString.copyFrom(jsId.toBytes())).clearKey().build();
                RpcFraming.write(s.output(), RPC.newBuilder()
                        .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(T)).addPublish(forged).build());
                await(() -> java.gossip().score(attackerKey.peerId()) < 0, "attacker penalised");
            }
            java.gossip().publish(T, "after".getBytes()).get();
            js.await("message", l -> "after".equals(JsPeer.field(l, "data")), WAIT);
            assertEquals(0, java.count("forged"), "not delivered");
            assertTrue(js.output().lines().noneMatch(l -> l.contains("\"data\":\"forged\"")), "not forwarded to js");
        }
    }
}
