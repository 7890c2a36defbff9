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
        ServeQueue<PeerId> q = new ServeQueue<>(10, new UploadCounts(100));
        q.uploaded(x, 100);
        q.enqueue(a, List.of(x, y));
        q.enqueue(b, List.of(x, z));
        // nothing sent twice while a block nobody has received yet is asked for, whoever asks
        assertEquals(new ServeQueue.Job<>(a, y), q.next(c -> true).orElseThrow());
        q.uploaded(y, 100);
        assertEquals(new ServeQueue.Job<>(b, z), q.next(c -> true).orElseThrow());
        q.uploaded(z, 100);
        // then round-robin between clients among equals: a was served before b, so a goes first
        assertEquals(new ServeQueue.Job<>(a, x), q.next(c -> true).orElseThrow());
        q.uploaded(x, 100);
        assertEquals(new ServeQueue.Job<>(b, x), q.next(c -> true).orElseThrow());
        assertTrue(q.next(c -> true).isEmpty());
        q.enqueue(a, List.of(y));
        q.cancel(a, List.of(y));
        assertTrue(q.isEmpty());
    }

    @Test
    void serveQueueSkipsClientsThatAreNotReady() {
        PeerId a = TestPeers.peer(1);
        PeerId b = TestPeers.peer(2);
        ServeQueue<PeerId> q = new ServeQueue<>(10, new UploadCounts(100));
        q.enqueue(a, List.of(Cid.ofRaw(new byte[] {1})));
        q.enqueue(b, List.of(Cid.ofRaw(new byte[] {2})));
        assertEquals(b, q.next(c -> c.equals(b)).orElseThrow().client());
        assertTrue(q.next(c -> c.equals(b)).isEmpty());
        assertEquals(a, q.next(c -> true).orElseThrow().client());
    }

    @Test
    void wantFloodIsAProtocolViolation() {
        ServeQueue<PeerId> q = new ServeQueue<>(2, new UploadCounts(100));
        PeerId a = TestPeers.peer(1);
        assertThrows(ProtocolViolationException.class, () -> q.enqueue(a, List.of(Cid.ofRaw(new byte[] {1}),
                Cid.ofRaw(new byte[] {2}), Cid.ofRaw(new byte[] {3}))));
    }
}
