package io.phoenix.protocol.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.testing.TestPeers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExchangeEnginePartsTest {
    @Test
    void framesRoundTrip() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Frames.write(out, new byte[] {1, 2, 3});
        Frames.write(out, new byte[300]);
        Frames.write(out, new byte[0]);
        byte[] bytes = out.toByteArray();
        assertEquals(3 + 1 + 300 + 2 + 1, bytes.length);
        assertEquals((byte) 0xAC, bytes[4]);
        assertEquals(0x02, bytes[5]);
        var in = new ByteArrayInputStream(bytes);
        assertArrayEquals(new byte[] {1, 2, 3}, Frames.read(in, 1000));
        assertEquals(300, Frames.read(in, 1000).length);
        assertEquals(0, Frames.read(in, 1000).length);
        assertNull(Frames.read(in, 1000));
    }

    @Test
    void oversizedFrameIsRejectedBeforeAllocation() {
        byte[] huge = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        var e = assertThrows(ProtocolViolationException.class, () -> Frames.read(new ByteArrayInputStream(huge), ExchangeLimits.MAX_FRAME_BYTES));
        assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
    }

    @Test
    void truncatedFrameIsRejected() {
        assertThrows(EOFException.class, () -> Frames.read(new ByteArrayInputStream(new byte[] {5, 1, 2}), 100));
        assertThrows(EOFException.class, () -> Frames.read(new ByteArrayInputStream(new byte[] {(byte) 0x80}), 100));
        assertThrows(ProtocolViolationException.class, () -> Frames.read(new ByteArrayInputStream(new byte[] {(byte) 0x81, 0}), 100));
    }

    @Test
    void tokenBucketLimitsRateInVirtualTime() {
        long ms = 1_000_000;
        TokenBucket b = new TokenBucket(1_000_000, 100_000, 0); // 1 MB/s, 100 kB burst
        assertEquals(0, b.delayNanos(0));
        b.take(300_000, 0); // a big block passes, leaving a 200 kB debt
        assertEquals(200 * ms, b.delayNanos(0));
        assertEquals(100 * ms, b.delayNanos(100 * ms));
        assertEquals(0, b.delayNanos(200 * ms));
        assertEquals(100_000, b.available(10_000 * ms), 1e-6); // never more than the burst
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
    }

    @Test
    void serveQueuePrefersLeastUploadedAcrossClients() {
        PeerId a = TestPeers.peer(1);
        PeerId b = TestPeers.peer(2);
        Cid x = Cid.ofRaw(new byte[] {1});
        Cid y = Cid.ofRaw(new byte[] {2});
        Cid z = Cid.ofRaw(new byte[] {3});
        ServeQueue<PeerId> q = new ServeQueue<>(10, new UploadCounts(100), 0);
        q.uploaded(x, 100, 0);
        q.enqueue(a, List.of(x, y));
        q.enqueue(b, List.of(x, z));
        // nothing sent twice while a block nobody has received yet is asked for, whoever asks
        assertEquals(new ServeQueue.Job<>(a, y), q.next(0, c -> true).orElseThrow());
        q.uploaded(y, 100, 0);
        assertEquals(new ServeQueue.Job<>(b, z), q.next(0, c -> true).orElseThrow());
        q.uploaded(z, 100, 0);
        // then round-robin between clients among equals: a was served before b, so a goes first
        assertEquals(new ServeQueue.Job<>(a, x), q.next(0, c -> true).orElseThrow());
        q.uploaded(x, 100, 0);
        assertEquals(new ServeQueue.Job<>(b, x), q.next(0, c -> true).orElseThrow());
        assertTrue(q.next(0, c -> true).isEmpty());
        q.enqueue(a, List.of(y));
        q.cancel(a, List.of(y), 0);
        assertTrue(q.isEmpty());
    }

    @Test
    void serveQueueSkipsClientsThatAreNotReady() {
        PeerId a = TestPeers.peer(1);
        PeerId b = TestPeers.peer(2);
        ServeQueue<PeerId> q = new ServeQueue<>(10, new UploadCounts(100), 0);
        q.enqueue(a, List.of(Cid.ofRaw(new byte[] {1})));
        q.enqueue(b, List.of(Cid.ofRaw(new byte[] {2})));
        assertEquals(b, q.next(0, c -> c.equals(b)).orElseThrow().client());
        assertTrue(q.next(0, c -> c.equals(b)).isEmpty());
        assertEquals(a, q.next(0, c -> true).orElseThrow().client());
    }

    @Test
    void duplicateWaitsForTheSpreadTimeLearnedFromCancels() {
        long ms = 1_000_000;
        PeerId a = TestPeers.peer(1);
        PeerId b = TestPeers.peer(2);
        PeerId c = TestPeers.peer(3);
        Cid x = Cid.ofRaw(new byte[] {1});
        Cid y = Cid.ofRaw(new byte[] {2});
        ServeQueue<PeerId> q = new ServeQueue<>(10, new UploadCounts(100), 5_000 * ms);
        assertEquals(0, q.holdNanos(), "nothing learned yet: nothing held");
        q.enqueue(a, List.of(x));
        q.enqueue(b, List.of(x));
        q.enqueue(c, List.of(x));
        assertEquals(new ServeQueue.Job<>(a, x), q.next(0, p -> true).orElseThrow());
        q.uploaded(x, 100_000, 0);
        // b fetched x from a instead and cancels here 1 s after x first went out: the swarm spreads a block in ~1 s
        q.cancel(b, List.of(x), 1_000 * ms);
        assertEquals(300 * ms, q.holdNanos()); // moving average, 0.3 per sample
        q.cancel(c, List.of(y), 1_000 * ms); // a cancel of something never queued teaches nothing
        assertEquals(300 * ms, q.holdNanos());
        assertTrue(q.next(200 * ms, p -> true).isEmpty(), "c's duplicate went out before the block could spread");
        assertEquals(300 * ms, q.nextEligibleNanos(200 * ms, p -> true));
        q.enqueue(c, List.of(y)); // a block nobody has received is never held
        assertEquals(new ServeQueue.Job<>(c, y), q.next(200 * ms, p -> true).orElseThrow());
        assertEquals(new ServeQueue.Job<>(c, x), q.next(300 * ms, p -> true).orElseThrow());
        assertEquals(Long.MAX_VALUE, q.nextEligibleNanos(300 * ms, p -> true));
    }

    @Test
    void spreadTimeIsCapped() {
        long ms = 1_000_000;
        Cid x = Cid.ofRaw(new byte[] {1});
        ServeQueue<PeerId> q = new ServeQueue<>(10, new UploadCounts(100), 100 * ms);
        q.uploaded(x, 10, 0);
        for (int i = 0; i < 50; i++) {
            q.enqueue(TestPeers.peer(1), List.of(x));
            q.cancel(TestPeers.peer(1), List.of(x), 60_000 * ms); // clients that time out after a minute
        }
        assertTrue(q.holdNanos() <= 100 * ms, "hold " + q.holdNanos());
    }

    @Test
    void wantFloodIsAProtocolViolation() {
        ServeQueue<PeerId> q = new ServeQueue<>(2, new UploadCounts(100), 0);
        PeerId a = TestPeers.peer(1);
        assertThrows(ProtocolViolationException.class, () -> q.enqueue(a, List.of(Cid.ofRaw(new byte[] {1}),
                Cid.ofRaw(new byte[] {2}), Cid.ofRaw(new byte[] {3}))));
    }
}
