package io.phoenix.protocol.p2p.host;

import static io.phoenix.protocol.p2p.host.HostileInputIT.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.p2p.ConnectionListener;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.P2pException;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.reqresp.RequestResponse;
import io.phoenix.protocol.p2p.tcp.TcpTransport;
import java.nio.charset.StandardCharsets;
import io.phoenix.protocol.time.SystemScheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HostFeaturesIT {
    private static final SystemScheduler SCHEDULER = new SystemScheduler();
    private final SecureRandom random = new SecureRandom();

    private Libp2pHost host(Libp2pHostConfig config) {
        return new Libp2pHost(IdentityKey.generate(random), config, SCHEDULER, random);
    }

    @Test
    void concurrentDialsShareOneConnection() throws Exception {
        try (Libp2pHost a = host(Libp2pHostConfig.defaults()); Libp2pHost b = host(Libp2pHostConfig.defaults())) {
            Multiaddr addr = b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
            List<CompletableFuture<PeerId>> dials = new ArrayList<>();
            for (int i = 0; i < 20; i++) dials.add(a.connect(addr));
            for (CompletableFuture<PeerId> d : dials) assertEquals(b.peerId(), d.get(10, TimeUnit.SECONDS));
            assertEquals(1, a.connectionCount());
            assertTrue(waitFor(() -> b.connectionCount() == 1));
        }
    }

    @Test
    void connectionLimitRefusesExtraInbound() throws Exception {
        try (Libp2pHost b = host(Libp2pHostConfig.defaults().withLimits(1, 4));
             Libp2pHost a1 = host(Libp2pHostConfig.defaults()); Libp2pHost a2 = host(Libp2pHostConfig.defaults())) {
            Multiaddr addr = b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
            a1.connect(addr).get(10, TimeUnit.SECONDS);
            assertTrue(waitFor(() -> b.connectionCount() == 1));
            ExecutionException e = assertThrows(ExecutionException.class, () -> a2.connect(addr).get(10, TimeUnit.SECONDS));
            assertInstanceOf(P2pException.class, e.getCause());
            assertTrue(((P2pException) e.getCause()).retryable());
            assertEquals(1, b.connectionCount());
        }
    }

    @Test
    void pendingHandshakeLimitRefusesExtraSockets() throws Exception {
        Libp2pHostConfig config = Libp2pHostConfig.defaults().withLimits(256, 2)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(2));
        try (Libp2pHost b = host(config); Libp2pHost a = host(Libp2pHostConfig.defaults())) {
            Multiaddr addr = b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
            try (java.net.Socket s1 = TcpTransport.dial(addr, Duration.ofSeconds(5));
                 java.net.Socket s2 = TcpTransport.dial(addr, Duration.ofSeconds(5))) {
                assertTrue(waitFor(() -> b.liveThreads() >= 3)); // accept loop + two handshakes in progress
                java.net.Socket s3 = TcpTransport.dial(addr, Duration.ofSeconds(5));
                s3.setSoTimeout(1000); // far below the 2 s handshake timeout: refused at once, not timed out
                try (s3) {
                    assertEquals(-1, s3.getInputStream().read());
                } catch (java.net.SocketException reset) {
                    // refused by reset: fine too
                }
            }
            assertEquals(b.peerId(), a.connect(addr).get(10, TimeUnit.SECONDS)); // slots come back
        }
    }

    @Test
    void droppedPeerIsRedialledWithBackoffAndListenersAreTold() throws Exception {
        Libp2pHostConfig fast = Libp2pHostConfig.defaults().withReconnect(new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), 0.2));
        try (Libp2pHost a = host(fast); Libp2pHost b = host(Libp2pHostConfig.defaults())) {
            List<String> events = new CopyOnWriteArrayList<>();
            a.addConnectionListener(new ConnectionListener() {
                @Override
                public void connected(PeerId peer, Multiaddr remoteAddress, boolean inbound) {
                    events.add("up " + inbound);
                }

                @Override
                public void disconnected(PeerId peer) {
                    events.add("down");
                }
            });
            Multiaddr addr = b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
            a.keepConnected(addr);
            assertTrue(waitFor(() -> a.connectedPeers().contains(b.peerId())));
            assertTrue(waitFor(() -> b.connectedPeers().contains(a.peerId())));
            b.disconnect(a.peerId());
            assertTrue(waitFor(() -> events.size() >= 3), events.toString());
            assertEquals(List.of("up false", "down", "up false"), events.subList(0, 3));
            assertTrue(waitFor(() -> a.connectedPeers().contains(b.peerId())));
            a.disconnect(b.peerId()); // an explicit disconnect stops the redialling
            assertTrue(waitFor(() -> a.connectedPeers().isEmpty()));
        }
    }

    @Test
    void backoffGrowsAndIsCapped() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 0.0);
        java.util.Random r = new java.util.Random(1);
        assertEquals(100, b.delay(0, r).toMillis());
        assertEquals(400, b.delay(2, r).toMillis());
        assertEquals(2000, b.delay(10, r).toMillis());
        assertEquals(2000, b.delay(1000, r).toMillis());
    }

    @Test
    void requestResponseHelperRoundTripsAndEnforcesTheLimit() throws Exception {
        try (Libp2pHost a = host(Libp2pHostConfig.defaults()); Libp2pHost b = host(Libp2pHostConfig.defaults())) {
            b.setHandler("/phoenix/upper/1.0.0", RequestResponse.server(1024,
                    req -> new String(req, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
            PeerId pb = a.connect(b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))).get(10, TimeUnit.SECONDS);
            byte[] r = RequestResponse.call(a, SCHEDULER, pb, "/phoenix/upper/1.0.0", "abc".getBytes(), 16, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
            assertArrayEquals("ABC".getBytes(), r);
            ExecutionException tooBig = assertThrows(ExecutionException.class, () -> RequestResponse.call(a, SCHEDULER, pb, "/phoenix/upper/1.0.0",
                    "a much longer request".getBytes(), 4, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS));
            assertInstanceOf(P2pException.class, tooBig.getCause());
            ExecutionException unsupported = assertThrows(ExecutionException.class, () -> RequestResponse.call(a, SCHEDULER, pb, "/phoenix/none/1.0.0",
                    new byte[1], 4, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS));
            assertInstanceOf(P2pException.class, unsupported.getCause());
        }
    }
}
