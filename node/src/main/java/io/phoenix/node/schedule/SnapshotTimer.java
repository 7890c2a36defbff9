package io.phoenix.node.schedule;

import io.phoenix.protocol.time.Monitor;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.protocol.time.Task;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs the {@link SnapshotTriggers} on a {@link Scheduler}: one timer set to the engine's next wake
 * time; when it fires, the due snapshots are taken and the change volume measured. A failed
 * snapshot or measurement is logged and the schedule goes on.
 */
public final class SnapshotTimer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SnapshotTimer.class.getName());

    /** What the timer acts on. */
    public interface Target {
        /** Takes a snapshot (the daemon's writer path; it reports it back through {@link #taken}). */
        void snapshot(String reason) throws IOException;

        /** Bytes changed under the layers since {@code since}. */
        long changedSince(Instant since) throws IOException;
    }

    private final SnapshotTriggers triggers;
    private final Scheduler scheduler;
    private final Target target;
    private final Monitor monitor;
    private Task timer;
    private boolean closed;

    public SnapshotTimer(SnapshotTriggers triggers, Scheduler scheduler, Target target) {
        this.triggers = triggers;
        this.scheduler = scheduler;
        this.target = target;
        this.monitor = scheduler.newMonitor();
    }

    public void start() {
        monitor.lock();
        try {
            rearm();
        } finally {
            monitor.unlock();
        }
    }

    /** When the timer fires next, if any trigger is on. */
    public Optional<Instant> nextWake() {
        monitor.lock();
        try {
            return triggers.nextWake();
        } finally {
            monitor.unlock();
        }
    }

    /** A snapshot was taken (any way): the anomaly trigger counts changes from {@code at}. */
    public void taken(Instant at) {
        monitor.lock();
        try {
            triggers.taken(at);
        } finally {
            monitor.unlock();
        }
    }

    private void rearm() {
        if (closed) return;
        Optional<Instant> next = triggers.nextWake();
        if (next.isEmpty()) return;
        Duration in = Duration.between(scheduler.now(), next.get());
        LOG.log(System.Logger.Level.DEBUG, "snapshot triggers: next wake at " + next.get());
        timer = scheduler.schedule(in.isNegative() ? Duration.ZERO : in, this::fire);
    }

    private void fire() {
        List<SnapshotTriggers.Action> actions;
        monitor.lock();
        try {
            if (closed) return;
            actions = triggers.due(scheduler.now());
        } finally {
            monitor.unlock();
        }
        for (SnapshotTriggers.Action a : actions) {
            switch (a) {
                case SnapshotTriggers.TakeSnapshot t -> take(t.reason());
                case SnapshotTriggers.MeasureChanges m -> {
                    try {
                        long changed = target.changedSince(m.since());
                        Optional<SnapshotTriggers.TakeSnapshot> t;
                        monitor.lock();
                        try {
                            t = triggers.measured(changed);
                        } finally {
                            monitor.unlock();
                        }
                        t.ifPresent(s -> take(s.reason()));
                    } catch (IOException | RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "anomaly check failed: " + e.getMessage());
                    }
                }
            }
        }
        monitor.lock();
        try {
            rearm();
        } finally {
            monitor.unlock();
        }
    }

    private void take(String reason) {
        try {
            target.snapshot(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "scheduled snapshot (" + reason + ") failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        Task t;
        monitor.lock();
        try {
            closed = true;
            t = timer;
        } finally {
            monitor.unlock();
        }
        if (t != null) t.cancel();
    }
}
