package io.phoenix.node.bridges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.RetryPolicy;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.bridge.TestSnapshots;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.testing.MapBlockStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The push engine in plain virtual time: {@code now} is a number of seconds after {@link #T0}, no
 * threads, no clock. Newest first, capped exponential backoff with full jitter, permanent failures
 * kept out for the run, and the records a restart resumes from.
 */
class PushQueueTest {
    static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    /** 1 s doubling up to 10 s. */
    static final RetryPolicy POLICY = new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ofSeconds(10));

    /** Jitter that always waits the longest allowed time. */
    static final RandomGenerator LONGEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    final MapBlockStore store = new MapBlockStore();

    static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    SignedManifest snapshot(long seed) throws Exception {
        Snapshot s = TestSnapshots.manifest(store, seed, 3, 100, 1_000);
        return SignedManifest.decode(s.root(), store.get(s.root()));
    }

    static PushReport report(Cid cid) {
        return new PushReport("ipfs", cid, 4, 3, 1, 1234, Duration.ofMillis(250), new SnapshotState(cid, SnapshotState.Status.COMPLETE, 4, 4, "pinned"));
    }

    static PushQueue.Next.Push push(PushQueue q, Instant now) {
        return assertInstanceOf(PushQueue.Next.Push.class, q.next(now));
    }

    @Test
    void NewestDueSnapshotIsHandedOutFirst() throws Exception {
        SignedManifest older = snapshot(1), newer = snapshot(2);
        PushQueue q = new PushQueue("ipfs", POLICY, LONGEST);
        BridgePush pending = q.offer(older.cid(), older, Optional.empty(), at(0)).orElseThrow();
        assertEquals(BridgePush.Status.PENDING, pending.status());
        assertEquals(0, pending.attempts());
        q.offer(newer.cid(), newer, Optional.empty(), at(0));

        PushQueue.Next.Push first = push(q, at(1));
        assertEquals(newer.cid(), first.cid());
        assertEquals(BridgePush.Status.PUSHING, first.record().status());
        assertEquals(1, first.record().attempts());
        assertEquals(at(1), first.record().updated());
        assertThrows(IllegalStateException.class, () -> q.next(at(1)), "one push at a time");

        BridgePush pushed = q.succeeded(newer.cid(), report(newer.cid()), at(2));
        assertEquals(BridgePush.Status.PUSHED, pushed.status());
        assertEquals(4, pushed.blocks());
        assertEquals(1234, pushed.bytesSent());
        assertEquals(250, pushed.pushMillis());
        assertEquals("pinned", pushed.detail());

        assertEquals(older.cid(), push(q, at(2)).cid());
        q.succeeded(older.cid(), report(older.cid()), at(3));
        assertInstanceOf(PushQueue.Next.Idle.class, q.next(at(3)));
        assertEquals(2, q.attemptsStarted());
    }

    @Test
    void RetryableFailureWaitsItsBackoffThenIsRetriedUntilPushed() throws Exception {
        SignedManifest m = snapshot(3);
        PushQueue q = new PushQueue("ipfs", POLICY, LONGEST);
        q.offer(m.cid(), m, Optional.empty(), at(0));
        double now = 0;
        for (int attempt = 1; attempt <= 3; attempt++) {
            PushQueue.Next.Push p = push(q, at(now));
            assertEquals(attempt, p.record().attempts());
            BridgePush r = q.retry(m.cid(), "unreachable", "connection refused by 127.0.0.1:1", at(now));
            assertEquals(BridgePush.Status.RETRYING, r.status());
            assertEquals("unreachable", r.failure());
            double backoff = 1 << (attempt - 1); // 1, 2, 4 s: the longest the jitter allows
            assertEquals(at(now + backoff), r.nextTry());
            assertEquals(new PushQueue.Next.WaitUntil(at(now + backoff)), q.next(at(now)));
            assertEquals(new PushQueue.Next.WaitUntil(at(now + backoff)), q.next(at(now + backoff - 0.001)), "not a moment early");
            now += backoff;
        }
        PushQueue.Next.Push last = push(q, at(now));
        assertEquals(4, last.record().attempts());
        BridgePush pushed = q.succeeded(m.cid(), report(m.cid()), at(now + 1));
        assertEquals(BridgePush.Status.PUSHED, pushed.status());
        assertEquals(4, pushed.attempts());
        assertNull(pushed.error(), "a success clears the error");
        assertNull(pushed.failure());
        assertEquals(4, q.attemptsStarted());
    }

    @Test
    void BackoffIsCappedAndFullyJittered() throws Exception {
        SignedManifest m = snapshot(4);
        PushQueue longest = new PushQueue("ipfs", POLICY, LONGEST);
        longest.offer(m.cid(), m, Optional.empty(), at(0));
        Instant now = at(0);
        Duration last = null;
        for (int attempt = 1; attempt <= 8; attempt++) {
            push(longest, now);
            BridgePush r = longest.retry(m.cid(), "quota_exceeded", "HTTP 429", now);
            last = Duration.between(now, r.nextTry());
            now = r.nextTry();
        }
        assertEquals(Duration.ofSeconds(10), last, "capped at the policy's maximum");

        PushQueue seeded = new PushQueue("ipfs", POLICY, new SplittableRandom(7));
        seeded.offer(m.cid(), m, Optional.empty(), at(0));
        now = at(0);
        boolean shorter = false;
        for (int attempt = 1; attempt <= 40; attempt++) {
            push(seeded, now);
            BridgePush r = seeded.retry(m.cid(), "unreachable", "down", now);
            Duration d = Duration.between(now, r.nextTry());
            Duration cap = Duration.ofSeconds(Math.min(10, 1L << Math.min(attempt - 1, 10)));
            assertTrue(!d.isNegative() && d.compareTo(cap) <= 0, "attempt " + attempt + ": " + d + " within [0, " + cap + "]");
            shorter |= d.compareTo(cap) < 0;
            now = r.nextTry();
        }
        assertTrue(shorter, "full jitter: some waits are shorter than the cap");
    }

    @Test
    void PermanentFailureIsNotRetriedNorAcceptedAgainUntilRestart() throws Exception {
        SignedManifest m = snapshot(5), later = snapshot(6);
        PushQueue q = new PushQueue("arweave", POLICY, LONGEST);
        q.offer(m.cid(), m, Optional.empty(), at(0));
        push(q, at(0));
        BridgePush failed = q.failed(m.cid(), "budget_exceeded", "the wallet holds 0 AR", at(1));
        assertEquals(BridgePush.Status.FAILED, failed.status());
        assertEquals("budget_exceeded", failed.failure());
        assertNull(failed.nextTry());
        assertInstanceOf(PushQueue.Next.Idle.class, q.next(at(100)));
        assertEquals(Optional.empty(), q.offer(m.cid(), m, Optional.of(failed), at(2)), "offered again in this run: ignored");
        assertTrue(q.offer(later.cid(), later, Optional.empty(), at(2)).isPresent(), "other snapshots still go");
        assertEquals(later.cid(), push(q, at(2)).cid());

        PushQueue restarted = new PushQueue("arweave", POLICY, LONGEST);
        BridgePush resumed = restarted.offer(m.cid(), m, Optional.of(failed), at(10)).orElseThrow();
        assertEquals(BridgePush.Status.PENDING, resumed.status());
        assertEquals(1, resumed.attempts(), "attempts survive the restart");
        assertEquals(2, push(restarted, at(10)).record().attempts());
    }

    @Test
    void SnapshotQueuedOrInFlightIsNotQueuedTwice() throws Exception {
        SignedManifest m = snapshot(7);
        PushQueue q = new PushQueue("pinning", POLICY, LONGEST);
        assertTrue(q.offer(m.cid(), m, Optional.empty(), at(0)).isPresent());
        assertEquals(Optional.empty(), q.offer(m.cid(), m, Optional.empty(), at(0)));
        assertEquals(1, q.queuedCount());
        PushQueue.Next.Push p = push(q, at(0));
        assertEquals(Optional.empty(), q.offer(m.cid(), m, Optional.of(p.record()), at(1)), "offered again while in flight");
        q.succeeded(m.cid(), report(m.cid()), at(2));
        assertInstanceOf(PushQueue.Next.Idle.class, q.next(at(3)), "pushed once");
    }

    @Test
    void RestartSkipsWhatIsPushedAndResumesTheRestAtOnce() throws Exception {
        SignedManifest a = snapshot(8), b = snapshot(9);
        BridgePush aPushed = BridgePush.pending("ipfs", a.cid(), a.manifest().sequence(), a.manifest().time(), at(0))
                .pushing(at(0)).pushed(at(1), "pinned", 4, 100, 5);
        BridgePush bRetrying = BridgePush.pending("ipfs", b.cid(), b.manifest().sequence(), b.manifest().time(), at(0))
                .pushing(at(0)).retrying(at(1), at(601), "unreachable", "down");
        PushQueue q = new PushQueue("ipfs", POLICY, LONGEST);
        assertEquals(Optional.empty(), q.offer(a.cid(), a, Optional.of(aPushed), at(5)));
        BridgePush resumed = q.offer(b.cid(), b, Optional.of(bRetrying), at(5)).orElseThrow();
        assertEquals(BridgePush.Status.PENDING, resumed.status());
        assertEquals(1, resumed.attempts());
        assertNull(resumed.nextTry());
        PushQueue.Next.Push p = push(q, at(5)); // due at once, not at the old next try
        assertEquals(b.cid(), p.cid());
        assertEquals(2, p.record().attempts());
    }

    @Test
    void NewerSnapshotOvertakesOneWaitingForItsRetry() throws Exception {
        SignedManifest older = snapshot(10), newer = snapshot(11);
        PushQueue q = new PushQueue("ipfs", POLICY, LONGEST);
        q.offer(older.cid(), older, Optional.empty(), at(0));
        push(q, at(0));
        q.retry(older.cid(), "unreachable", "down", at(0)); // due at 1 s
        q.offer(newer.cid(), newer, Optional.empty(), at(0.5));
        assertEquals(newer.cid(), push(q, at(0.5)).cid());
        q.retry(newer.cid(), "unreachable", "down", at(0.5)); // due at 1.5 s
        assertEquals(new PushQueue.Next.WaitUntil(at(1)), q.next(at(0.5)));
        assertEquals(older.cid(), push(q, at(1)).cid(), "only the older one is due at 1 s");
        q.retry(older.cid(), "unreachable", "down", at(1)); // second attempt: due at 3 s
        assertEquals(newer.cid(), push(q, at(3)).cid(), "both due: the newest first");
    }

    @Test
    void InterruptedPushGoesBackToPendingAndWaitsForTheRestart() throws Exception {
        SignedManifest m = snapshot(12);
        PushQueue q = new PushQueue("ipfs", POLICY, LONGEST);
        q.offer(m.cid(), m, Optional.empty(), at(0));
        push(q, at(0));
        BridgePush r = q.interrupted(m.cid(), at(1));
        assertEquals(BridgePush.Status.PENDING, r.status());
        assertEquals(1, r.attempts());
        assertInstanceOf(PushQueue.Next.Idle.class, q.next(at(2)));
        assertThrows(IllegalStateException.class, () -> q.succeeded(m.cid(), report(m.cid()), at(3)), "not in flight");
    }
}
