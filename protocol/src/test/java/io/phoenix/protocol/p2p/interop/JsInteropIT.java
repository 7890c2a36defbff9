package io.phoenix.protocol.p2p.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.host.Libp2pHost;
import io.phoenix.protocol.p2p.host.Libp2pHostConfig;
import io.phoenix.protocol.p2p.identify.IdentifyInfo;
import io.phoenix.protocol.p2p.noise.PeerIdentityMismatchException;
import io.phoenix.protocol.p2p.reqresp.EchoProtocol;
import io.phoenix.protocol.p2p.reqresp.LengthPrefixed;
import io.phoenix.protocol.p2p.reqresp.RequestResponse;
import java.security.MessageDigest;
import io.phoenix.protocol.time.SystemScheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Java host against a real js-libp2p 2.10 peer, both dial directions and both muxer-negotiation paths. */
class JsInteropIT {
    private static final Duration T = Duration.ofSeconds(30);
    private static final SystemScheduler SCHEDULER = new SystemScheduler();

    static Libp2pHost host(boolean early) {
        Libp2pHost h = new Libp2pHost(IdentityKey.generate(new SecureRandom()), Libp2pHostConfig.defaults().withEarlyMuxer(early), SCHEDULER, new SecureRandom());
        h.setHandler(EchoProtocol.PROTOCOL_ID, EchoProtocol.handler());
        return h;
    }

    @ParameterizedTest(name = "earlyMuxer={0}")
    @ValueSource(booleans = {true, false})
    void javaDialsJs(boolean early) throws Exception {
        try (JsPeer js = JsPeer.start("peer.mjs", "--echo-protocol", "--ping-count", "0", "--timeout", "90");
             Libp2pHost java = host(early)) {
            String listening = js.await("listening", T);
            Multiaddr addr = Multiaddr.parse(JsPeer.array(listening, "addrs").get(0));
            PeerId jsId = java.connect(addr).get(30, TimeUnit.SECONDS);
            assertEquals(JsPeer.field(listening, "peerId"), jsId.toString());
            assertEquals(early, java.usedEarlyMuxer(jsId));
            String connected = js.await("connected", T);
            assertEquals("inbound", JsPeer.field(connected, "direction"));
            assertEquals("/noise", JsPeer.field(connected, "encryption"));
            assertEquals("/yamux/1.0.0", JsPeer.field(connected, "multiplexer"));

            assertTrue(java.ping(jsId).get(30, TimeUnit.SECONDS).toMillis() < 10_000);
            IdentifyInfo info = java.identify(jsId).get(30, TimeUnit.SECONDS);
            assertTrue(info.protocols().contains(EchoProtocol.PROTOCOL_ID), info.protocols().toString());
            assertTrue(info.protocols().contains("/meshsub/1.1.0"), info.protocols().toString());
            assertTrue(info.agentVersion().startsWith("js-libp2p/"), info.agentVersion());
            assertEquals("127.0.0.1", info.observedAddr().host());
            String jsIdentify = js.await("identify", l -> java.peerId().toString().equals(JsPeer.field(l, "peerId")), T);
            assertTrue(JsPeer.array(jsIdentify, "protocols").containsAll(List.of(EchoProtocol.PROTOCOL_ID, "/ipfs/ping/1.0.0", "/ipfs/id/1.0.0")), jsIdentify);

            Stream s = java.newStream(jsId, List.of(EchoProtocol.PROTOCOL_ID)).get(30, TimeUnit.SECONDS);
            List<byte[]> back = EchoProtocol.echo(SCHEDULER, s, List.of("hello js".getBytes()));
            assertEquals("hello js", new String(back.get(0)));

            List<CompletableFuture<byte[]>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(RequestResponse.call(java, SCHEDULER, jsId, EchoProtocol.PROTOCOL_ID, ("stream " + i).getBytes(), 1024, Duration.ofSeconds(60)));
            }
            for (int i = 0; i < 100; i++) assertEquals("stream " + i, new String(calls.get(i).get(60, TimeUnit.SECONDS)));
            assertEquals(1, java.connectionCount());
        }
    }

    @ParameterizedTest(name = "earlyMuxer={0}")
    @ValueSource(booleans = {true, false})
    void jsDialsJava(boolean early) throws Exception {
        try (Libp2pHost java = host(early)) {
            Multiaddr ours = java.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
            try (JsPeer js = JsPeer.start("peer.mjs", "--dial", ours.toString(), "--echo-protocol", "--echo-send", "hello java",
                    "--ping-count", "3", "--timeout", "60")) {
                String dialed = js.await("dialed", T);
                assertEquals(java.peerId().toString(), JsPeer.field(dialed, "peerId"));
                String connected = js.await("connected", T);
                assertEquals("outbound", JsPeer.field(connected, "direction"));
                String echo = js.await("echo", T);
                assertTrue(echo.contains("\"ok\":true"), echo);
                assertEquals("hello java", JsPeer.field(echo, "response"));
                js.await("ping", l -> l.contains("\"seq\":2"), T);
                String jsIdentify = js.await("identify", T);
                assertTrue(JsPeer.array(jsIdentify, "protocols").contains(EchoProtocol.PROTOCOL_ID), jsIdentify);
                assertTrue(JsPeer.field(jsIdentify, "observedAddr").startsWith("/ip4/127.0.0.1/tcp/"), jsIdentify);

                PeerId jsId = PeerId.parse(JsPeer.field(js.await("listening", T), "peerId"));
                assertTrue(java.connectedPeers().contains(jsId), java.connectedPeers().toString());
                assertEquals(early, java.usedEarlyMuxer(jsId));
                IdentifyInfo info = java.identify(jsId).get(30, TimeUnit.SECONDS);
                assertTrue(info.protocols().contains("/meshsub/1.2.0"), info.protocols().toString());
                assertTrue(java.ping(jsId).get(30, TimeUnit.SECONDS).toMillis() < 10_000);
                assertTrue(js.output().contains("\"event\":\"ping\""));
                assertTrue(!js.output().contains("-error\""), js.output());
            }
        }
    }

    @Test
    void sixtyFourMiBOverOneStreamToJs() throws Exception {
        try (JsPeer js = JsPeer.start("peer.mjs", "--echo-protocol", "--ping-count", "0", "--timeout", "120");
             Libp2pHost java = host(true)) {
            Multiaddr addr = Multiaddr.parse(JsPeer.array(js.await("listening", T), "addrs").get(0));
            PeerId jsId = java.connect(addr).get(30, TimeUnit.SECONDS);
            Stream s = java.newStream(jsId, List.of(EchoProtocol.PROTOCOL_ID)).get(30, TimeUnit.SECONDS);
            byte[] chunk = new byte[1 << 20];
            new Random(5).nextBytes(chunk);
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            MessageDigest got = MessageDigest.getInstance("SHA-256");
            CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
                long total = 0;
                try {
                    byte[] f;
                    while ((f = LengthPrefixed.read(s.input(), EchoProtocol.MAX_FRAME)) != null) {
                        got.update(f);
                        total += f.length;
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                return total;
            }, r -> Thread.ofVirtual().start(r));
            long t0 = System.nanoTime();
            for (int i = 0; i < 64; i++) {
                chunk[0] = (byte) i;
                sent.update(chunk);
                LengthPrefixed.write(s.output(), chunk);
            }
            s.closeWrite();
            assertEquals(64L << 20, reader.get(120, TimeUnit.SECONDS));
            System.out.printf("64 MiB echoed through js in %.2f s%n", (System.nanoTime() - t0) / 1e9);
            assertArrayEquals(sent.digest(), got.digest());
        }
    }

    @Test
    void wrongPeerIdentityIsRefused() throws Exception {
        try (JsPeer js = JsPeer.start("peer.mjs", "--ping-count", "0", "--timeout", "60"); Libp2pHost java = host(true)) {
            Multiaddr addr = Multiaddr.parse(JsPeer.array(js.await("listening", T), "addrs").get(0));
            PeerId impostor = IdentityKey.generate(new SecureRandom()).peerId();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> java.connect(addr.withPeer(impostor)).get(30, TimeUnit.SECONDS));
            PeerIdentityMismatchException m = assertInstanceOf(PeerIdentityMismatchException.class, e.getCause());
            assertEquals(impostor, m.expected());
            assertEquals(addr.peerId(), m.actual());
            assertTrue(java.connectedPeers().isEmpty());
        }
    }
}
