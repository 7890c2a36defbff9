package io.phoenix.protocol.p2p.yamux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.time.SystemScheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two yamux sessions wired through in-memory pipes: no sockets, no Noise. */
class YamuxSessionTest {
    private final SystemScheduler scheduler = new SystemScheduler();
    private final MemoryPipe aToB = new MemoryPipe(1 << 20);
    private final MemoryPipe bToA = new MemoryPipe(1 << 20);
    private final BlockingQueue<YamuxStream> acceptedByB = new LinkedBlockingQueue<>();
    private YamuxSession a;
    private YamuxSession b;

    private void start(YamuxConfig config) {
        a = new YamuxSession(true, bToA.in, aToB.out, () -> { aToB.close(); bToA.close(); }, config, s -> { }, scheduler);
        b = new YamuxSession(false, aToB.in, bToA.out, () -> { aToB.close(); bToA.close(); }, config, acceptedByB::add, scheduler);
        a.start();
        b.start();
    }

    @AfterEach
    void stop() {
        if (a != null) a.close();
        if (b != null) b.close();
        scheduler.close();
    }

    private YamuxStream accept() throws InterruptedException {
        YamuxStream s = acceptedByB.poll(5, TimeUnit.SECONDS);
        if (s == null) throw new AssertionError("no inbound stream");
        return s;
    }

    @Test
    void dataFinHalfCloseBothWays() throws Exception {
        start(YamuxConfig.defaults());
        YamuxStream sa = a.openStream();
        assertEquals(1, sa.id());
        sa.output().write("ping".getBytes());
        sa.closeWrite();
        YamuxStream sb = accept();
        assertEquals("ping", new String(sb.input().readAllBytes()));
        sb.output().write("pong".getBytes()); // remote half-closed; this side can still write
        sb.closeWrite();
        assertEquals("pong", new String(sa.input().readAllBytes()));
        assertThrows(IOException.class, () -> sa.output().write(1));
    }

    @Test
    void senderBlocksWhenTheWindowIsExhaustedAndResumesOnRead() throws Exception {
        start(YamuxConfig.defaults());
        YamuxStream sa = a.openStream();
        byte[] big = new byte[YamuxConfig.INITIAL_WINDOW + 1000];
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                sa.output().write(big);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        YamuxStream sb = accept();
        assertThrows(java.util.concurrent.TimeoutException.class, () -> writer.get(300, TimeUnit.MILLISECONDS));
        assertEquals(YamuxConfig.INITIAL_WINDOW, sb.input().available()); // exactly one window in flight
        assertEquals(big.length, sb.input().readNBytes(big.length).length);
        writer.get(5, TimeUnit.SECONDS);
    }

    @Test
    void resetIsSeenByBothSides() throws Exception {
        start(YamuxConfig.defaults());
        YamuxStream sa = a.openStream();
        sa.output().write(1);
        YamuxStream sb = accept();
        sb.reset();
        assertThrows(StreamResetException.class, () -> {
            for (int i = 0; i < 100; i++) sa.output().write(new byte[1000]);
            sa.input().read();
        });
        assertThrows(StreamResetException.class, () -> sb.input().read());
    }

    @Test
    void streamLimitAnswersRst() throws Exception {
        start(YamuxConfig.defaults().withMaxStreams(2));
        YamuxStream s1 = a.openStream();
        YamuxStream s2 = a.openStream();
        assertThrows(io.phoenix.protocol.p2p.P2pException.class, a::openStream);
        s1.reset();
        s2.reset();
        assertTrue(waitFor(() -> a.streamCount() == 0));
    }

    @Test
    void goAwayStopsNewStreams() throws Exception {
        start(YamuxConfig.defaults());
        b.close();
        assertTrue(waitFor(a::isClosed));
        assertThrows(io.phoenix.protocol.p2p.P2pException.class, a::openStream);
    }

    @Test
    void dataBeyondTheWindowIsAProtocolError() throws Exception {
        // A raw peer that opens a stream and sends 256 KiB + 1 byte without waiting for a window update.
        MemoryPipe in = new MemoryPipe(1 << 20);
        MemoryPipe out = new MemoryPipe(1 << 20);
        YamuxSession s = new YamuxSession(false, in.in, out.out, () -> { in.close(); out.close(); }, YamuxConfig.defaults(), x -> { }, scheduler);
        s.start();
        in.out.write(new YamuxHeader(YamuxHeader.DATA, YamuxHeader.SYN, 1, YamuxConfig.INITIAL_WINDOW + 1).encode());
        in.out.write(new byte[YamuxConfig.INITIAL_WINDOW + 1]);
        assertTrue(waitFor(s::isClosed));
        assertTrue(s.closeReason().contains("receive window"), s.closeReason());
    }

    @Test
    void pingSynIsAnsweredWithTheSameOpaqueValue() throws Exception {
        MemoryPipe in = new MemoryPipe(1 << 16);
        MemoryPipe out = new MemoryPipe(1 << 16);
        YamuxSession s = new YamuxSession(false, in.in, out.out, () -> { in.close(); out.close(); }, YamuxConfig.defaults(), x -> { }, scheduler);
        s.start();
        in.out.write(HexFormat.of().parseHex("000200010000000000001234"));
        byte[] answer = out.in.readNBytes(12);
        assertEquals("000200020000000000001234", HexFormat.of().formatHex(answer));
        s.close();
    }

    @Test
    void keepAliveClosesASilentSession() throws Exception {
        MemoryPipe in = new MemoryPipe(1 << 16);
        MemoryPipe out = new MemoryPipe(1 << 16);
        YamuxSession s = new YamuxSession(true, in.in, out.out, () -> { in.close(); out.close(); },
                YamuxConfig.defaults().withKeepAlive(Duration.ofMillis(100)), x -> { }, scheduler);
        s.start();
        assertTrue(waitFor(s::isClosed));
        assertTrue(s.closeReason().contains("keep-alive"), s.closeReason());
        byte[] ping = out.in.readNBytes(12);
        assertArrayEquals(HexFormat.of().parseHex("000200010000000000000001"), ping);
    }

    @Test
    void largeWindowIsGrantedWithTheSyn() throws Exception {
        start(YamuxConfig.defaults().withReceiveWindow(4 << 20));
        YamuxStream sa = a.openStream();
        YamuxStream sb = accept();
        byte[] big = new byte[3 << 20];
        sb.output().write(big); // would block at 256 KiB without the grant
        assertTrue(waitFor(() -> sa.buffered() == 3 << 20));
        assertFalse(a.isClosed());
    }

    private static boolean waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            if (c.getAsBoolean()) return true;
            Thread.onSpinWait();
            Thread.sleep(5);
        }
        return c.getAsBoolean();
    }
}
