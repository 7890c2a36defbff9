package io.phoenix.node.bridges;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.RetryPolicy;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotLayout;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.time.Monitor;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.protocol.time.Task;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Pushes every snapshot the node holds complete and verified to every bridge configured for
 * automatic pushes, in the background: one worker (a thread of the {@link Scheduler}) per bridge,
 * newest snapshot first, so a slow or failing bridge delays nobody else and {@link #offer} never
 * blocks on a bridge. A retryable failure (unreachable, quota, a pin or confirmation still pending)
 * is tried again after a capped exponential backoff with full jitter ({@link RetryPolicy#delay});
 * a permanent one (unauthorised, budget exceeded, a CID mismatch...) is recorded as failed and not
 * tried again until the daemon restarts. Every state change goes to the {@link PushLedger}, so a
 * restart skips what is pushed and resumes the rest. Bridges only read the store: no data key is
 * needed.
 *
 * <p>What to push when, and which record to write, is decided by one {@link PushQueue} per bridge
 * (a pure engine); the worker here only waits on a {@link Monitor} until the engine has something
 * due, calls the bridge and writes the ledger.
 */
public final class AutoPush implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AutoPush.class.getName());
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** How long the daemon waits between attempts: from 1 s doubling up to 10 minutes, without end. */
    public static RetryPolicy daemonPolicy() {
        return new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ofMinutes(10));
    }

    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final Map<String, String> unavailable;
    private final PushLedger ledger;
    private final BlockStore store;
    private final SnapshotLayout layout;
    private final Scheduler scheduler;
    private volatile boolean closed;

    /**
     * @param bridges     opened bridges by name, without their own retries (their workers retry)
     * @param unavailable bridges configured for automatic pushes that could not be opened, with the reason
     * @param scheduler   time, the workers' threads and their waits
     * @param random      the backoff jitter
     */
    public AutoPush(Map<String, Bridge> bridges, Map<String, String> unavailable, PushLedger ledger, BlockStore store,
                    SnapshotLayout layout, Scheduler scheduler, RetryPolicy policy, RandomGenerator random) {
        this.unavailable = Map.copyOf(unavailable);
        this.ledger = ledger;
        this.store = store;
        this.layout = layout;
        this.scheduler = scheduler;
        bridges.forEach((name, b) -> workers.put(name, new Worker(name, b, new PushQueue(name, policy, random))));
    }

    public void start() {
        for (Worker w : workers.values()) w.start();
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
        for (Worker w : workers.values()) n += w.attemptsStarted();
        return n;
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers.values()) w.stop();
        for (Worker w : workers.values()) {
            try {
                w.join(CLOSE_WAIT);
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

    /**
     * One bridge's thread: waits on its monitor until the engine has a snapshot due, pushes it, and
     * hands the outcome back to the engine. Engine calls and the ledger writes they return happen
     * under the monitor, so the records of one (bridge, snapshot) are written in order.
     */
    private final class Worker {
        private final String name;
        private final Bridge bridge;
        private final PushQueue queue;
        private final Monitor monitor;
        /** Guarded by {@link #monitor}. */
        private boolean stopping;
        private volatile Task thread;

        Worker(String name, Bridge bridge, PushQueue queue) {
            this.name = name;
            this.bridge = bridge;
            this.queue = queue;
            this.monitor = scheduler.newMonitor();
        }

        void start() {
            thread = scheduler.start("phoenix-push-" + name, this::run);
        }

        void offer(Cid cid, SignedManifest m) {
            monitor.lock();
            try {
                if (stopping) return;
                var r = queue.offer(cid, m, ledger.get(name, cid), scheduler.now());
                if (r.isEmpty()) return;
                record(r.get());
                monitor.signalAll();
            } finally {
                monitor.unlock();
            }
        }

        long attemptsStarted() {
            monitor.lock();
            try {
                return queue.attemptsStarted();
            } finally {
                monitor.unlock();
            }
        }

        void stop() {
            monitor.lock();
            try {
                stopping = true;
                monitor.signalAll();
            } finally {
                monitor.unlock();
            }
            Task t = thread;
            if (t != null) t.cancel(); // interrupts a push in progress
        }

        void join(Duration timeout) throws InterruptedException {
            Task t = thread;
            if (t != null) t.join(timeout);
        }

        private void run() {
            while (true) {
                PushQueue.Next.Push next;
                try {
                    next = awaitNext();
                } catch (InterruptedException e) {
                    return;
                }
                if (next == null) return;
                attempt(next.cid());
            }
        }

        /** The newest snapshot whose time has come (its pushing record written), waiting for one; null when stopping. */
        private PushQueue.Next.Push awaitNext() throws InterruptedException {
            monitor.lock();
            try {
                while (!stopping) {
                    Instant now = scheduler.now();
                    switch (queue.next(now)) {
                        case PushQueue.Next.Push p -> {
                            record(p.record());
                            return p;
                        }
                        case PushQueue.Next.WaitUntil w -> monitor.awaitNanos(Math.max(1, Duration.between(now, w.due()).toNanos()));
                        case PushQueue.Next.Idle i -> monitor.await();
                    }
                }
                return null;
            } finally {
                monitor.unlock();
            }
        }

        private void attempt(Cid cid) {
            try {
                PushReport r = bridge.push(Snapshot.of(cid, store, layout));
                SnapshotState st = r.state();
                if (st.status() == SnapshotState.Status.COMPLETE) {
                    settle(q -> q.succeeded(cid, r, scheduler.now()));
                    LOG.log(System.Logger.Level.INFO, "snapshot " + cid + " pushed to " + name + ": " + r.blocksSent() + " of "
                            + r.blocksTotal() + " blocks sent (" + r.bytesSent() + " bytes) in " + r.elapsed().toMillis() + " ms");
                } else {
                    retry(cid, "pending", "the bridge reports " + st.status().name().toLowerCase(Locale.ROOT)
                            + (st.detail() == null ? "" : ": " + st.detail()));
                }
            } catch (BridgeException e) {
                if (e.failure() == BridgeFailure.INTERRUPTED || stoppingNow()) {
                    settle(q -> q.interrupted(cid, scheduler.now()));
                    return;
                }
                String kind = e.failure().name().toLowerCase(Locale.ROOT);
                if (e.retryable()) {
                    retry(cid, kind, e.getMessage());
                } else {
                    settle(q -> q.failed(cid, kind, e.getMessage(), scheduler.now()));
                    LOG.log(System.Logger.Level.WARNING, "push of " + cid + " to " + name + " failed for good (" + kind + "): " + e.getMessage()
                            + "; not retried until the node restarts");
                }
            } catch (IOException | RuntimeException e) {
                if (stoppingNow()) {
                    settle(q -> q.interrupted(cid, scheduler.now()));
                    return;
                }
                // the snapshot could not be read from the local store: a disk problem may pass
                retry(cid, "local", "cannot read the snapshot from the local store: " + e.getMessage());
            }
        }

        private void retry(Cid cid, String kind, String message) {
            BridgePush p = settle(q -> q.retry(cid, kind, message, scheduler.now()));
            LOG.log(System.Logger.Level.INFO, "push of " + cid + " to " + name + " (attempt " + p.attempts() + ") failed (" + kind + "): "
                    + message + "; next try at " + p.nextTry());
        }

        /** Hands an outcome to the engine and writes the record it returns. */
        private BridgePush settle(Function<PushQueue, BridgePush> outcome) {
            monitor.lock();
            try {
                BridgePush p = outcome.apply(queue);
                record(p);
                return p;
            } finally {
                monitor.unlock();
            }
        }

        private boolean stoppingNow() {
            monitor.lock();
            try {
                return stopping;
            } finally {
                monitor.unlock();
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
