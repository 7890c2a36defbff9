package io.phoenix.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Cid;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryingBridgeTest {
    /** Fails fetches with the queued failures, then answers; walks ten blocks, failing after those listed in {@code walkFailsAfter}. */
    private static final class FakeBridge implements Bridge {
        final Deque<BridgeFailure> failures = new ArrayDeque<>();
        final Deque<Integer> walkFailsAfter = new ArrayDeque<>();
        int calls;
        int walks;

        @Override public String name() { return "fake"; }
        @Override public PushReport push(Snapshot s) { throw new UnsupportedOperationException(); }
        @Override public SnapshotState state(Cid root) { throw new UnsupportedOperationException(); }

        @Override
        public void forEachBlock(Cid root, CidVisitor visitor) throws BridgeException {
            walks++;
            Integer failAfter = walkFailsAfter.poll();
            for (int i = 0; i < 10; i++) {
                if (failAfter != null && i == failAfter) throw new BridgeException(BridgeFailure.UNREACHABLE, "walk " + walks + " cut at " + i);
                visitor.visit(Cid.ofRaw(new byte[] {(byte) i}));
            }
        }

        @Override
        public byte[] fetch(Cid cid) throws BridgeException {
            calls++;
            BridgeFailure f = failures.poll();
            if (f != null) throw new BridgeException(f, "attempt " + calls);
            return new byte[] {7};
        }
    }

    private final List<Duration> waits = new ArrayList<>();
    private final FakeBridge fake = new FakeBridge();
    private final RetryingBridge retrying = new RetryingBridge(fake,
            new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(250)), waits::add, new SplittableRandom(1));
    private final Cid cid = Cid.ofRaw(new byte[] {7});

    @Test
    void retryableFailuresAreRetriedWithBoundedBackoff() throws Exception {
        fake.failures.add(BridgeFailure.UNREACHABLE);
        fake.failures.add(BridgeFailure.CORRUPT);
        fake.failures.add(BridgeFailure.UNREACHABLE);
        assertArrayEquals(new byte[] {7}, retrying.fetch(cid));
        assertEquals(4, fake.calls);
        assertEquals(3, waits.size());
        assertTrue(waits.get(0).toMillis() <= 100 && waits.get(1).toMillis() <= 200 && waits.get(2).toMillis() <= 250, waits.toString());
    }

    @Test
    void retriedWalkHandsEveryBlockOutOnceInOrder() throws Exception {
        fake.walkFailsAfter.add(4);
        fake.walkFailsAfter.add(7);
        List<Cid> seen = new ArrayList<>();
        retrying.forEachBlock(cid, seen::add);
        List<Cid> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) expected.add(Cid.ofRaw(new byte[] {(byte) i}));
        assertEquals(expected, seen);
        assertEquals(3, fake.walks);
    }

    @Test
    void visitorFailureIsNotRetried() {
        int[] visits = {0};
        BridgeException e = assertThrows(BridgeException.class, () -> retrying.forEachBlock(cid, c -> {
            if (++visits[0] == 3) throw new BridgeException(BridgeFailure.UNREACHABLE, "the visitor's own");
        }));
        assertEquals("unreachable: the visitor's own", e.getMessage());
        assertEquals(1, fake.walks);
        assertTrue(waits.isEmpty());
    }

    @Test
    void permanentFailureIsRethrownAtOnce() {
        fake.failures.add(BridgeFailure.UNAUTHORISED);
        BridgeException e = assertThrows(BridgeException.class, () -> retrying.fetch(cid));
        assertEquals(BridgeFailure.UNAUTHORISED, e.failure());
        assertEquals(1, fake.calls);
        assertTrue(waits.isEmpty());
    }

    @Test
    void lastFailureIsRethrownWhenAttemptsRunOut() {
        for (int i = 0; i < 5; i++) fake.failures.add(BridgeFailure.UNREACHABLE);
        BridgeException e = assertThrows(BridgeException.class, () -> retrying.fetch(cid));
        assertEquals("unreachable: attempt 4", e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertEquals(4, fake.calls);
    }
}
