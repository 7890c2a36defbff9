package io.phoenix.node.bridges;

import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.RetryPolicy;
import io.phoenix.protocol.manifest.ManifestOrder;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One bridge's automatic pushes as a pure engine: the queued snapshots with the time each is due,
 * the one in flight, and those that failed for good in this run. Every call takes {@code now} and
 * returns the {@link BridgePush} record to write to the {@link PushLedger}; it has no threads, no
 * clock and no I/O ({@link AutoPush}'s worker waits, pushes and writes). Not thread-safe.
 *
 * <p>Rules: {@link #next} hands out the newest due snapshot ({@link ManifestOrder}), one at a time;
 * a retryable failure queues it again after {@link RetryPolicy#delay} for its attempt count (capped
 * exponential backoff, full jitter from the given random source); a permanent failure is not queued
 * again, nor accepted by {@link #offer}, until a new engine (a restart); a snapshot the ledger
 * records as pushed, queued, or in flight is not queued again.
 */
final class PushQueue {
    /** What the worker does next. */
    sealed interface Next {
        /** Push {@code cid} now, after writing {@code record} (pushing, one more attempt). */
        record Push(Cid cid, SignedManifest manifest, BridgePush record) implements Next {}

        /** Nothing is due before {@code due}. */
        record WaitUntil(Instant due) implements Next {}

        /** Nothing is queued. */
        record Idle() implements Next {}
    }

    private record Queued(SignedManifest manifest, BridgePush record, Instant due) {}

    private final String bridge;
    private final RetryPolicy policy;
    private final RandomGenerator random;
    private final Map<Cid, Queued> queued = new HashMap<>();
    private final Set<Cid> failedThisRun = new HashSet<>();
    private Cid inFlight;
    private SignedManifest inFlightManifest;
    private BridgePush inFlightRecord;
    private long started;

    PushQueue(String bridge, RetryPolicy policy, RandomGenerator random) {
        this.bridge = bridge;
        this.policy = policy;
        this.random = random;
    }

    /**
     * Queues {@code cid}, due at once, unless it is queued, in flight, failed for good in this run, or
     * {@code known} (the ledger's record) says the bridge holds it. Returns the record to write:
     * pending, or {@code known} resumed (attempts kept); empty when nothing changed.
     */
    Optional<BridgePush> offer(Cid cid, SignedManifest manifest, Optional<BridgePush> known, Instant now) {
        if (queued.containsKey(cid) || cid.equals(inFlight) || failedThisRun.contains(cid)) return Optional.empty();
        if (known.isPresent() && known.get().status() == BridgePush.Status.PUSHED) return Optional.empty();
        BridgePush r = known.map(k -> k.resumed(now))
                .orElseGet(() -> BridgePush.pending(bridge, cid, manifest.manifest().sequence(), manifest.manifest().time(), now));
        queued.put(cid, new Queued(manifest, r, now));
        return Optional.of(r);
    }

    /** The newest snapshot due at {@code now}, which is then in flight; else when the next one is due, or idle. */
    Next next(Instant now) {
        if (inFlight != null) throw new IllegalStateException(inFlight + " is still in flight to " + bridge);
        Map.Entry<Cid, Queued> best = null;
        Instant earliest = null;
        for (Map.Entry<Cid, Queued> e : queued.entrySet()) {
            Instant due = e.getValue().due();
            if (!due.isAfter(now)) {
                if (best == null || ManifestOrder.INSTANCE.compare(e.getValue().manifest(), best.getValue().manifest()) > 0) best = e;
            } else if (earliest == null || due.isBefore(earliest)) {
                earliest = due;
            }
        }
        if (best == null) return earliest == null ? new Next.Idle() : new Next.WaitUntil(earliest);
        queued.remove(best.getKey());
        inFlight = best.getKey();
        inFlightManifest = best.getValue().manifest();
        inFlightRecord = best.getValue().record().pushing(now);
        started++;
        return new Next.Push(inFlight, inFlightManifest, inFlightRecord);
    }

    /** The push of {@code cid} succeeded: the record to write (pushed, with the report's figures). */
    BridgePush succeeded(Cid cid, PushReport report, Instant now) {
        BridgePush r = land(cid).pushed(now, report.state().detail(), report.blocksTotal(), report.bytesSent(), report.elapsed().toMillis());
        clearInFlight();
        return r;
    }

    /** The push of {@code cid} failed in a way a retry can cure: queued again after the backoff; the record says when. */
    BridgePush retry(Cid cid, String failureKind, String message, Instant now) {
        BridgePush p = land(cid);
        Instant due = now.plus(policy.delay(Math.max(1, p.attempts()), random));
        BridgePush r = p.retrying(now, due, failureKind, message);
        queued.put(cid, new Queued(inFlightManifest, r, due));
        clearInFlight();
        return r;
    }

    /** The push of {@code cid} failed for good: not tried again by this engine. */
    BridgePush failed(Cid cid, String failureKind, String message, Instant now) {
        BridgePush r = land(cid).failed(now, failureKind, message);
        failedThisRun.add(cid);
        clearInFlight();
        return r;
    }

    /** The push of {@code cid} was cut short by a shutdown: back to pending (a restart resumes it), not queued again. */
    BridgePush interrupted(Cid cid, Instant now) {
        BridgePush r = land(cid).resumed(now);
        clearInFlight();
        return r;
    }

    /** Pushes handed out by {@link #next}. */
    long attemptsStarted() {
        return started;
    }

    /** Snapshots queued (not in flight). */
    int queuedCount() {
        return queued.size();
    }

    private BridgePush land(Cid cid) {
        if (!cid.equals(inFlight)) throw new IllegalStateException(cid + " is not in flight to " + bridge + " (" + inFlight + " is)");
        return inFlightRecord;
    }

    private void clearInFlight() {
        inFlight = null;
        inFlightManifest = null;
        inFlightRecord = null;
    }
}
