package io.phoenix.node.bridges;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.RetryPolicy;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotLayout;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.protocol.manifest.ManifestOrder;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Pushes every snapshot the node holds complete and verified to every bridge configured for
 * automatic pushes, in the background: one worker (a virtual thread) per bridge, newest snapshot
 * first, so a slow or failing bridge delays nobody else and {@link #offer} never blocks. A
 * retryable failure (unreachable, quota, a pin or confirmation still pending) is tried again after
 * a capped exponential backoff with full jitter ({@link RetryPolicy#delay}); a permanent one
 * (unauthorised, budget exceeded, a CID mismatch...) is recorded as failed and not tried again
 * until the daemon restarts. Every state change goes to the {@link PushLedger}, so a restart skips
 * what is pushed and resumes the rest. Bridges only read the store: no data key is needed.
 */
public final class AutoPush implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AutoPush.class.getName());

    /** How long the daemon waits between attempts: from 1 s doubling up to 10 minutes, without end. */
    public static RetryPolicy daemonPolicy() {
        return new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ofMinutes(10));
    }

    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final Map<String, String> unavailable;
    private final PushLedger ledger;
    private final BlockStore store;
    private final SnapshotLayout layout;
    private final Clock clock;
    private final RetryPolicy policy;
    private final RandomGenerator random;
    private volatile boolean closed;

    /**
     * @param bridges     opened bridges by name, without their own retries (their workers retry)
     * @param unavailable bridges configured for automatic pushes that could not be opened, with the reason
     */
    public AutoPush(Map<String, Bridge> bridges, Map<String, String> unavailable, PushLedger ledger, BlockStore store,
                    SnapshotLayout layout, Clock clock, RetryPolicy policy, RandomGenerator random) {
        this.unavailable = Map.copyOf(unavailable);
        this.ledger = ledger;
        this.store = store;
        this.layout = layout;
        this.clock = clock;
        this.policy = policy;
        this.random = random;
        bridges.forEach((name, b) -> workers.put(name, new Worker(name, b)));
    }

    public void start() {
        for (Worker w : workers.values()) w.thread.start();
    }

    /** The bridges pushed to (by name), in configuration order. */
    public List<String> bridges() {
        return List.copyOf(workers.keySet());
    }

    /** Bridges configured for automatic pushes that cannot be used, with the reason (e.g. a missing token). */
    public Map<String, String> unavailable() {
        return unavailable;
    }

    public PushLedger ledger() {
        return ledger;
    }

    /**
     * Queues a snapshot held complete and verified for every bridge that does not hold it yet (by
     * the ledger) and has not failed it permanently since the daemon started. Never blocks on a bridge.
     */
    public void offer(Cid cid, SignedManifest m) {
        if (closed) return;
        for (Worker w : workers.values()) w.offer(cid, m);
    }

    /** Pushes started since this instance was created (tests: a restart must not push again). */
    public long attemptsStarted() {
        long n = 0;
        for (Worker w : workers.values()) n += w.started;
        return n;
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers.values()) w.stop();
        for (Worker w : workers.values()) {
            try {
                w.thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                w.bridge.close();
            } catch (BridgeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing bridge " + w.name + ": " + e);
            }
        }
    }

    private void record(BridgePush p) {
        try {
            ledger.put(p);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the bridge push state (" + e.getMessage() + "); a restart may push "
                    + p.snapshot() + " to " + p.bridge() + " again");
        }
    }

    /** One bridge's queue and its thread. */
    private final class Worker {
        private final String name;
        private final Bridge bridge;
        private final Thread thread;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final Map<Cid, SignedManifest> queued = new HashMap<>();
        private final Map<Cid, Instant> due = new HashMap<>();
        private final Set<Cid> failedThisRun = new HashSet<>();
        private volatile long started;
        private boolean stopping;
        /** The snapshot being pushed now (an offer of it meanwhile is ignored). */
        private Cid inFlight;

        Worker(String name, Bridge bridge) {
            this.name = name;
            this.bridge = bridge;
            this.thread = Thread.ofVirtual().name("phoenix-push-" + name).unstarted(this::run);
        }

        void offer(Cid cid, SignedManifest m) {
            lock.lock();
            try {
                if (stopping || queued.containsKey(cid) || cid.equals(inFlight) || failedThisRun.contains(cid)) return;
                var known = ledger.get(name, cid);
                if (known.isPresent() && known.get().status() == BridgePush.Status.PUSHED) return;
                Instant now = clock.instant();
                record(known.map(k -> k.resumed(now))
                        .orElseGet(() -> BridgePush.pending(name, cid, m.manifest().sequence(), m.manifest().time(), now)));
                queued.put(cid, m);
                due.put(cid, now);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void stop() {
            lock.lock();
            try {
                stopping = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            thread.interrupt();
        }

        private void run() {
            while (true) {
                Map.Entry<Cid, SignedManifest> next;
                try {
                    next = awaitNext();
                } catch (InterruptedException e) {
                    return;
                }
                if (next == null) return;
                try {
                    attempt(next.getKey(), next.getValue());
                } finally {
                    lock.lock();
                    try {
                        inFlight = null;
                    } finally {
                        lock.unlock();
                    }
                }
            }
        }

        /** The newest queued snapshot whose time has come, waiting for one; null when stopping. */
        private Map.Entry<Cid, SignedManifest> awaitNext() throws InterruptedException {
            lock.lock();
            try {
                while (!stopping) {
                    Instant now = clock.instant();
                    Map.Entry<Cid, SignedManifest> best = null;
                    Instant earliest = null;
                    for (Map.Entry<Cid, SignedManifest> e : queued.entrySet()) {
                        Instant d = due.get(e.getKey());
                        if (!d.isAfter(now)) {
                            if (best == null || ManifestOrder.INSTANCE.compare(e.getValue(), best.getValue()) > 0) best = e;
                        } else if (earliest == null || d.isBefore(earliest)) {
                            earliest = d;
                        }
                    }
                    if (best != null) {
                        inFlight = best.getKey();
                        queued.remove(best.getKey());
                        due.remove(best.getKey());
                        return Map.entry(best.getKey(), best.getValue());
                    }
                    long waitMillis = earliest == null ? TimeUnit.HOURS.toMillis(1) : Math.max(1, Duration.between(now, earliest).toMillis());
                    changed.await(waitMillis, TimeUnit.MILLISECONDS);
                }
                return null;
            } finally {
                lock.unlock();
            }
        }

        private void attempt(Cid cid, SignedManifest m) {
            BridgePush p = ledger.get(name, cid)
                    .orElseGet(() -> BridgePush.pending(name, cid, m.manifest().sequence(), m.manifest().time(), clock.instant()))
                    .pushing(clock.instant());
            record(p);
            started++;
            try {
                PushReport r = bridge.push(Snapshot.of(cid, store, layout));
                SnapshotState st = r.state();
                if (st.status() == SnapshotState.Status.COMPLETE) {
                    record(p.pushed(clock.instant(), st.detail(), r.blocksTotal(), r.bytesSent(), r.elapsed().toMillis()));
                    LOG.log(System.Logger.Level.INFO, "snapshot " + cid + " pushed to " + name + ": " + r.blocksSent() + " of "
                            + r.blocksTotal() + " blocks sent (" + r.bytesSent() + " bytes) in " + r.elapsed().toMillis() + " ms");
                } else {
                    retry(p, cid, m, "pending", "the bridge reports " + st.status().name().toLowerCase(java.util.Locale.ROOT)
                            + (st.detail() == null ? "" : ": " + st.detail()));
                }
            } catch (BridgeException e) {
                if (e.failure() == BridgeFailure.INTERRUPTED || stoppingNow()) {
                    record(p.resumed(clock.instant()));
                    return;
                }
                String kind = e.failure().name().toLowerCase(java.util.Locale.ROOT);
                if (e.retryable()) {
                    retry(p, cid, m, kind, e.getMessage());
                } else {
                    lock.lock();
                    try {
                        failedThisRun.add(cid);
                    } finally {
                        lock.unlock();
                    }
                    record(p.failed(clock.instant(), kind, e.getMessage()));
                    LOG.log(System.Logger.Level.WARNING, "push of " + cid + " to " + name + " failed for good (" + kind + "): " + e.getMessage()
                            + "; not retried until the node restarts");
                }
            } catch (IOException | RuntimeException e) {
                if (stoppingNow()) {
                    record(p.resumed(clock.instant()));
                    return;
                }
                // the snapshot could not be read from the local store: a disk problem may pass
                retry(p, cid, m, "local", "cannot read the snapshot from the local store: " + e.getMessage());
            }
        }

        private boolean stoppingNow() {
            lock.lock();
            try {
                return stopping;
            } finally {
                lock.unlock();
            }
        }

        private void retry(BridgePush p, Cid cid, SignedManifest m, String kind, String message) {
            Instant now = clock.instant();
            Instant next = now.plus(policy.delay(Math.max(1, p.attempts()), random));
            record(p.retrying(now, next, kind, message));
            LOG.log(System.Logger.Level.INFO, "push of " + cid + " to " + name + " (attempt " + p.attempts() + ") failed (" + kind + "): "
                    + message + "; next try at " + next);
            lock.lock();
            try {
                if (stopping) return;
                queued.put(cid, m);
                due.put(cid, next);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The records of the {@code n} newest snapshots the ledger knows, newest first, every bridge. */
    public List<BridgePush> recent(int n) {
        List<BridgePush> all = ledger.newestFirst();
        List<BridgePush> out = new ArrayList<>();
        Set<Cid> seen = new HashSet<>();
        for (BridgePush p : all) {
            if (!seen.contains(p.snapshot())) {
                if (seen.size() >= n) break;
                seen.add(p.snapshot());
            }
            out.add(p);
        }
        return out;
    }
}
