package io.phoenix.protocol.p2p.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.P2pException;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.identify.IdentifyProtocol;
import io.phoenix.protocol.p2p.mss.MultistreamCodec;
import io.phoenix.protocol.p2p.mss.MultistreamSelect;
import io.phoenix.protocol.p2p.noise.NoiseSecureChannel;
import io.phoenix.protocol.p2p.noise.NoiseSession;
import io.phoenix.protocol.p2p.noise.PeerIdentityMismatchException;
import io.phoenix.protocol.p2p.ping.PingProtocol;
import io.phoenix.protocol.p2p.reqresp.EchoProtocol;
import io.phoenix.protocol.p2p.tcp.TcpTransport;
import io.phoenix.protocol.p2p.yamux.YamuxConfig;
import io.phoenix.protocol.p2p.yamux.YamuxHeader;
import io.phoenix.protocol.p2p.yamux.YamuxSession;
import io.phoenix.protocol.p2p.yamux.YamuxStream;
import io.phoenix.protocol.time.SystemScheduler;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Random, truncated and forged bytes at every layer against a listening host: each attack must end
 * in a clean close (of the stream or the connection) within the handshake timeout, leave no
 * connection and no thread behind, and keep the host serving honest peers.
 */
class HostileInputIT {
    private static final Duration HANDSHAKE = Duration.ofSeconds(1);
    private final SecureRandom secure = new SecureRandom();
    private SystemScheduler scheduler;
    private Libp2pHost target;
    private Multiaddr addr;
    private int baselineThreads;
    private int baselinePlatformThreads;

    @BeforeEach
    void start() throws IOException {
        baselinePlatformThreads = Thread.activeCount();
        scheduler = new SystemScheduler();
        target = new Libp2pHost(IdentityKey.generate(secure),
                Libp2pHostConfig.defaults().withTimeouts(Duration.ofSeconds(5), HANDSHAKE, HANDSHAKE), scheduler, secure);
        target.setHandler(EchoProtocol.PROTOCOL_ID, EchoProtocol.handler());
        addr = target.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
        baselineThreads = target.liveThreads(); // the accept loop
    }

    @AfterEach
    void stop() throws InterruptedException {
        assertTrue(waitFor(() -> target.connectionCount() == 0), "connections left: " + target.connectionCount());
        assertTrue(waitFor(() -> target.liveThreads() == baselineThreads), "threads left: " + target.liveThreads());
        target.close();
        scheduler.close(); // its timer thread is the one platform thread the host's timers used
        assertTrue(waitFor(() -> Thread.activeCount() <= baselinePlatformThreads + 1),
                "platform threads grew from " + baselinePlatformThreads + " to " + Thread.activeCount());
    }

    private Socket raw() throws IOException {
        Socket s = TcpTransport.dial(addr, Duration.ofSeconds(5));
        s.setSoTimeout((int) HANDSHAKE.toMillis() * 3);
        return s;
    }

    /** Reads until the host closes; fails if it keeps the connection open past the timeout. */
    private static void assertClosedByHost(Socket s) throws IOException {
        try (s) {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // drain whatever the host answers before closing
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("host kept a hostile connection open", e);
        } catch (IOException e) {
            // connection reset: closed as well
        }
    }

    @Test
    void randomBytesBeforeMultistreamCloseTheConnection() throws IOException {
        Random r = new Random(1);
        for (int i = 0; i < 20; i++) {
            Socket s = raw();
            byte[] junk = new byte[1 + r.nextInt(200)];
            r.nextBytes(junk);
            s.getOutputStream().write(junk);
            if (i % 2 == 0) s.shutdownOutput();
            assertClosedByHost(s);
        }
    }

    @Test
    void truncatedMultistreamHeaderIsClosedByTheHandshakeTimeout() throws IOException {
        Socket s = raw();
        byte[] header = MultistreamCodec.encode(MultistreamCodec.HEADER);
        s.getOutputStream().write(Arrays.copyOf(header, 7));
        long t = System.nanoTime();
        assertClosedByHost(s);
        assertTrue(System.nanoTime() - t < HANDSHAKE.toNanos() * 2);
    }

    @Test
    void silentPeerIsClosedByTheHandshakeTimeout() throws IOException {
        assertClosedByHost(raw());
    }

    @Test
    void randomAndTruncatedNoiseMessagesCloseTheConnection() throws IOException {
        Random r = new Random(2);
        for (int i = 0; i < 12; i++) {
            Socket s = raw();
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            MultistreamSelect.select(in, out, List.of(NoiseSecureChannel.PROTOCOL_ID));
            byte[] junk = new byte[r.nextInt(100)];
            r.nextBytes(junk);
            if (i % 3 == 0) junk = new byte[] {0x00, 0x20, 1, 2, 3}; // declared 32 bytes, sends 3
            out.write(junk);
            if (i % 2 == 0) s.shutdownOutput();
            assertClosedByHost(s);
        }
    }

    private NoiseSession secured(Socket s) throws IOException {
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        MultistreamSelect.select(in, out, List.of(NoiseSecureChannel.PROTOCOL_ID));
        return NoiseSecureChannel.secure(true, in, out, IdentityKey.generate(secure), target.peerId(), List.of("/yamux/1.0.0"), secure);
    }

    @Test
    void randomYamuxFramesCloseTheConnection() throws IOException {
        Random r = new Random(3);
        for (int i = 0; i < 20; i++) {
            Socket s = raw();
            NoiseSession n = secured(s);
            byte[] junk = new byte[12 + r.nextInt(100)];
            r.nextBytes(junk);
            if (i % 2 == 0) junk[0] = 1; // unsupported version: a protocol error at once
            n.out().write(junk);
            n.out().flush();
            if (i % 2 == 1) s.shutdownOutput(); // otherwise the host must close on its own
            assertClosedByHost(s);
        }
    }

    @Test
    void oversizedYamuxDataFrameClosesTheConnection() throws IOException {
        Socket s = raw();
        NoiseSession n = secured(s);
        n.out().write(new YamuxHeader(YamuxHeader.DATA, YamuxHeader.SYN, 1, 0xFFFFFFFFL).encode());
        n.out().flush();
        assertClosedByHost(s);
    }

    @Test
    void forgedNoiseTransportFrameClosesTheConnection() throws IOException {
        Socket s = raw();
        secured(s);
        byte[] forged = new byte[2 + 40];
        forged[1] = 40;
        secure.nextBytes(Arrays.copyOfRange(forged, 2, 42));
        s.getOutputStream().write(forged);
        assertClosedByHost(s);
    }

    @Test
    void hostileMultistreamOnAStreamResetsOnlyThatStream() throws Exception {
        // a hand-made client: Noise with the early muxer, then our own yamux session, so that streams
        // can carry raw bytes instead of a multistream-select negotiation
        Socket socket = raw();
        NoiseSession n = secured(socket);
        socket.setSoTimeout(0); // from here on the yamux reader waits for the host
        YamuxSession session = new YamuxSession(true, n.in(), n.out(), socket, YamuxConfig.defaults(), YamuxStream::reset, scheduler);
        session.start();
        try {
            Random r = new Random(4);
            for (int i = 0; i < 20; i++) {
                YamuxStream ys = session.openStream();
                byte[] junk = new byte[r.nextInt(300)];
                r.nextBytes(junk);
                if (i % 2 == 0) junk = Arrays.copyOf(MultistreamCodec.encode(MultistreamCodec.HEADER, "/phoenix/echo/1.0.0"), 10 + r.nextInt(10));
                ys.output().write(junk);
                ys.closeWrite();
                try {
                    ys.input().readAllBytes(); // header / na / reset: anything but a hang
                } catch (IOException expected) {
                    // reset
                }
            }
            // the connection survives stream-level junk: a proper ping on it is answered
            YamuxStream ping = session.openStream();
            MultistreamSelect.select(ping.input(), ping.output(), List.of(PingProtocol.PROTOCOL_ID));
            byte[] payload = new byte[PingProtocol.SIZE];
            secure.nextBytes(payload);
            ping.output().write(payload);
            assertArrayEquals(payload, ping.input().readNBytes(PingProtocol.SIZE), "connection survives stream-level junk");
            ping.close();
            assertEquals(1, target.connectionCount());
            assertTrue(!session.isClosed(), session.closeReason());
        } finally {
            session.close();
        }
    }

    @Test
    void oversizedEchoFrameResetsTheStream() throws Exception {
        try (Libp2pHost client = new Libp2pHost(IdentityKey.generate(secure), Libp2pHostConfig.defaults(), scheduler, secure)) {
            PeerId p = client.connect(addr).get(10, TimeUnit.SECONDS);
            Stream s = client.newStream(p, List.of(EchoProtocol.PROTOCOL_ID)).get(10, TimeUnit.SECONDS);
            s.output().write(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01}); // 2 MiB declared
            s.output().flush();
            assertThrows(IOException.class, () -> s.input().readAllBytes());
        }
    }

    @Test
    void garbageIdentifyAnswerFailsIdentifyButKeepsTheConnection() throws Exception {
        target.setHandler(IdentifyProtocol.PROTOCOL_ID, s -> {
            s.output().write(new byte[] {0x05, (byte) 0xff, (byte) 0xff, 0x01, 0x02, 0x03});
            s.closeWrite();
        });
        try (Libp2pHost client = new Libp2pHost(IdentityKey.generate(secure), Libp2pHostConfig.defaults(), scheduler, secure)) {
            PeerId p = client.connect(addr).get(10, TimeUnit.SECONDS);
            ExecutionException e = assertThrows(ExecutionException.class, () -> client.identify(p).get(10, TimeUnit.SECONDS));
            assertInstanceOf(P2pException.class, e.getCause());
            assertTrue(client.ping(p).get(10, TimeUnit.SECONDS).toMillis() < 5000);
        }
    }

    @Test
    void wrongPeerIdentityIsRefused() throws Exception {
        try (Libp2pHost client = new Libp2pHost(IdentityKey.generate(secure), Libp2pHostConfig.defaults(), scheduler, secure)) {
            PeerId impostor = IdentityKey.generate(secure).peerId();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> client.connect(addr.withPeer(impostor)).get(10, TimeUnit.SECONDS));
            PeerIdentityMismatchException m = assertInstanceOf(PeerIdentityMismatchException.class, e.getCause());
            assertEquals(target.peerId(), m.actual());
            assertEquals(false, m.retryable());
            assertTrue(client.connectedPeers().isEmpty());
        }
    }

    static boolean waitFor(BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (c.getAsBoolean()) return true;
            Thread.sleep(10);
        }
        return c.getAsBoolean();
    }
}
