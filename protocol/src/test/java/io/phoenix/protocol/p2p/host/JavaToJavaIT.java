package io.phoenix.protocol.p2p.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.identify.IdentifyInfo;
import io.phoenix.protocol.p2p.reqresp.EchoProtocol;
import io.phoenix.protocol.p2p.reqresp.LengthPrefixed;
import io.phoenix.protocol.p2p.reqresp.RequestResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import io.phoenix.protocol.time.SystemScheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JavaToJavaIT {
    private static final SystemScheduler SCHEDULER = new SystemScheduler();

    static Libp2pHost host(boolean early) {
        Libp2pHost h = new Libp2pHost(IdentityKey.generate(new SecureRandom()), Libp2pHostConfig.defaults().withEarlyMuxer(early), SCHEDULER, new SecureRandom());
        h.setHandler(EchoProtocol.PROTOCOL_ID, EchoProtocol.handler());
        return h;
    }

    @ParameterizedTest(name = "earlyMuxer={0}")
    @ValueSource(booleans = {true, false})
    void pingIdentifyEchoAndConcurrentStreams(boolean early) throws Exception {
        try (Libp2pHost a = host(early); Libp2pHost b = host(early)) {
            Multiaddr addrB = b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
            PeerId pb = a.connect(addrB).get(10, TimeUnit.SECONDS);
            assertEquals(b.peerId(), pb);
            assertEquals(early, a.usedEarlyMuxer(pb));
            assertTrue(a.ping(pb).get(10, TimeUnit.SECONDS).toNanos() > 0);
            IdentifyInfo ib = a.identify(pb).get(10, TimeUnit.SECONDS);
            assertTrue(ib.protocols().contains(EchoProtocol.PROTOCOL_ID), ib.protocols().toString());
            assertEquals("127.0.0.1", ib.observedAddr().host());
            IdentifyInfo ia = b.identify(a.peerId()).get(10, TimeUnit.SECONDS);
            assertTrue(ia.protocols().contains("/ipfs/ping/1.0.0"));
            Stream s = a.newStream(pb, List.of("/nope/1.0.0", EchoProtocol.PROTOCOL_ID)).get(10, TimeUnit.SECONDS);
            assertEquals(EchoProtocol.PROTOCOL_ID, s.protocol());
            List<byte[]> back = EchoProtocol.echo(SCHEDULER, s, List.of("hello".getBytes(), "world".getBytes()));
            assertEquals(2, back.size());
            assertEquals("world", new String(back.get(1)));
            // 100 concurrent streams on one connection
            List<CompletableFuture<byte[]>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(RequestResponse.call(a, SCHEDULER, pb, EchoProtocol.PROTOCOL_ID, ("req " + i).getBytes(), 1024, Duration.ofSeconds(20)));
            }
            for (int i = 0; i < 100; i++) assertEquals("req " + i, new String(calls.get(i).get(30, TimeUnit.SECONDS)));
            assertEquals(1, a.connectionCount());
        }
    }

    @ParameterizedTest(name = "earlyMuxer={0}")
    @ValueSource(booleans = {true})
    void sixtyFourMiBEchoedOverOneStream(boolean early) throws Exception {
        try (Libp2pHost a = host(early); Libp2pHost b = host(early)) {
            Multiaddr addrB = b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
            PeerId pb = a.connect(addrB).get(10, TimeUnit.SECONDS);
            Stream s = a.newStream(pb, List.of(EchoProtocol.PROTOCOL_ID)).get(10, TimeUnit.SECONDS);
            int frames = 64;
            byte[] chunk = new byte[1 << 20];
            new Random(1).nextBytes(chunk);
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
            for (int i = 0; i < frames; i++) {
                chunk[0] = (byte) i;
                sent.update(chunk);
                LengthPrefixed.write(s.output(), chunk);
            }
            s.closeWrite();
            assertEquals((long) frames << 20, reader.get(120, TimeUnit.SECONDS));
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("64 MiB echoed in %.2f s%n", secs);
            assertArrayEquals(sent.digest(), got.digest());
        }
    }
}
