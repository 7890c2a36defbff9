package io.phoenix.protocol.time;

import io.phoenix.protocol.time.Deadline.TimerRun;
import io.phoenix.protocol.time.Deadline.Waiter;
import io.phoenix.protocol.time.VirtualTask.ThreadTask;
import io.phoenix.protocol.time.VirtualTask.TimerTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A {@link Scheduler} whose clock moves only when every activity it knows of is waiting, so that
 * what a simulation computes depends on what the code does and never on how busy the machine is:
 * an hour of {@link #sleep} takes microseconds, and a thread starved of CPU for a second is, in
 * virtual time, not late at all.
 *
 * <p><b>Busy and waiting.</b> A thread this scheduler started ({@link #start}, or a timer's action)
 * is busy except while it waits in one of its {@link Monitor}s ({@code lock} on a held monitor,
 * {@code await}, {@code awaitNanos}), in {@link #sleep} or in {@link Task#join}. Whoever wakes a
 * waiter (a {@code signalAll}, an {@code unlock} handing the monitor over, a thread ending, the
 * clock) counts it busy at that moment, before it runs. A timer is busy from the moment it is due
 * until its action returns. When nothing is busy the clock jumps to the earliest deadline (timers,
 * timed monitor waits, sleeps, timed joins; ties in creation order, so a run repeats) and wakes
 * exactly that one; the next jump waits until everything is idle again.
 *
 * <p><b>The one rule: wait only through the scheduler.</b> A thread that blocks anywhere else
 * ({@code Thread.sleep}, {@code synchronized}+{@code wait}, a JDK lock or queue, a future's
 * {@code get}) still counts as busy, so the clock stops. {@link #runUntil} and
 * {@link #awaitQuiescence} report such a stall by the names (and stacks) of the busy threads once
 * the clock has not moved for the stall timeout, instead of hanging.
 *
 * <p><b>Other threads</b> (a test's own thread) are not counted: they may call into the system,
 * signal monitors and wait on futures, and the clock runs meanwhile. A test waits with
 * {@link #runUntil}, {@link #get} or {@link #awaitQuiescence}, each bounded in real time (never
 * {@code Thread.sleep}), and wraps setup that must happen at one instant in {@link #hold()}.
 * Their timed waits through this scheduler also use virtual time.
 *
 * <p>{@link #nanoTime()} is 0 at the start instant. Threads are virtual threads.
 */
public final class VirtualScheduler implements Scheduler, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(VirtualScheduler.class.getName());
    /** How long (real time) the clock may stand still while something is busy before a wait reports a stall. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(10);
    static final long NO_DEADLINE = Long.MAX_VALUE;
    private static final long POLL_NANOS = 2_000_000;

    /** Guards every field below, the monitors' state and the tasks' state. */
    final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Instant origin;
    private final long stallNanos;
    private final Clock clock;
    private volatile long now;
    private long sequence;
    private int busy;
    private long timers;
    private final Map<Thread, Activity> activities = new HashMap<>();
    private final TreeSet<Deadline> deadlines = new TreeSet<>(
            Comparator.comparingLong((Deadline d) -> d.at).thenComparingLong(d -> d.seq));
    /** Real time of the last moment nothing was busy or the clock moved (stall detection). */
    private long lastProgressReal = System.nanoTime();
    private boolean closed;

    public VirtualScheduler(Instant start) {
        this(start, DEFAULT_STALL_TIMEOUT);
    }

    public VirtualScheduler(Instant start, Duration stallTimeout) {
        this.origin = start;
        this.stallNanos = stallTimeout.toNanos();
        this.clock = new VirtualClock(origin, () -> now, ZoneOffset.UTC);
    }


    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Task start(String name, Runnable body) {
        lock.lock();
        try {
            ThreadTask task = new ThreadTask(this);
            task.thread = launch(name, () -> {
                try {
                    body.run();
                } finally {
                    finished(task);
                }
            });
            return task;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Task schedule(Duration delay, Runnable action) {
        return arm(delay, 0, action);
    }

    @Override
    public Task scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable action) {
        if (delay.isNegative() || delay.isZero()) throw new IllegalArgumentException("delay must be positive: " + delay);
        return arm(initialDelay, nanos(delay), action);
    }

    @Override
    public Monitor newMonitor() {
        return new VirtualMonitor(this);
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        long n = nanos(duration);
        if (n <= 0) return;
        lock.lock();
        try {
            if (!park(waiter(deadline(n), null), true)) throw new InterruptedException();
        } finally {
            lock.unlock();
        }
    }

    /** The virtual time since the start instant. */
    public Duration elapsed() {
        return Duration.ofNanos(now);
    }

    /**
     * Counts the calling thread as one of this scheduler's until {@link Hold#close()}: the clock
     * does not move while it runs, and its waits are seen like those of a thread started here. For
     * a test's setup, so that its steps happen at one virtual instant:
     * {@code try (var held = virtual.hold()) { ... }}. Holds nest. Do not wait for the system inside
     * a hold ({@link #runUntil} refuses to): the held thread keeps the clock still.
     */
    public Hold hold() {
        lock.lock();
        try {
            Thread me = Thread.currentThread();
            Activity a = activities.get(me);
            if (a == null) {
                a = new Activity("hold by " + me.getName(), me, true);
                activities.put(me, a);
                becameBusy();
            }
            if (!a.byHold) return new Hold(this, null); // a thread started here counts already
            a.holds++;
            return new Hold(this, a);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits (the caller being a thread this scheduler did not start) until {@code condition} holds,
     * checking it whenever the system may have changed. Throws {@link IllegalStateException} when
     * {@code realTimeout} passes, when the clock has stood still for the stall timeout while
     * something was busy (naming the busy threads and where they are), or when nothing is busy or
     * scheduled and nothing has changed for the stall timeout (the condition can no longer come true).
     */
    public void runUntil(BooleanSupplier condition, Duration realTimeout) throws InterruptedException {
        lock.lock();
        try {
            if (activities.containsKey(Thread.currentThread())) {
                throw new IllegalStateException("runUntil on a thread this scheduler counts (one it started, or inside hold()):"
                        + " it would keep the clock still; wait through a Monitor, sleep or Task.join instead");
            }
        } finally {
            lock.unlock();
        }
        long end = System.nanoTime() + realTimeout.toNanos();
        while (!condition.getAsBoolean()) {
            lock.lock();
            try {
                long real = System.nanoTime();
                if (busy > 0 && real - lastProgressReal > stallNanos) throw new IllegalStateException(stallReport());
                if (busy == 0 && deadlines.isEmpty() && real - lastProgressReal > stallNanos) {
                    throw new IllegalStateException("virtual time at +" + elapsed() + ": nothing busy and nothing scheduled for "
                            + Duration.ofNanos(stallNanos) + " real time, and the awaited condition is still false");
                }
                if (real - end >= 0) {
                    throw new IllegalStateException("timed out after " + realTimeout + " real time, virtual time at +" + elapsed()
                            + "; busy: " + Activity.describeBusy(activities.values(), false));
                }
                changed.awaitNanos(Math.min(POLL_NANOS, end - real));
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits until {@code future} is done (see {@link #runUntil}) and returns its result. */
    public <T> T get(Future<T> future, Duration realTimeout) throws InterruptedException, ExecutionException {
        runUntil(future::isDone, realTimeout);
        return future.get();
    }

    /** Waits until nothing is busy and nothing is scheduled (no timer, no timed wait); see {@link #runUntil}. */
    public void awaitQuiescence(Duration realTimeout) throws InterruptedException {
        runUntil(this::isQuiescent, realTimeout);
    }

    /** Whether nothing is busy and nothing is scheduled: only a thread we did not start can change anything now. */
    public boolean isQuiescent() {
        lock.lock();
        try {
            return busy == 0 && deadlines.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the clock, cancels every timer, wakes every timed waiter and interrupts every thread started here. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            for (Deadline d : List.copyOf(deadlines)) {
                if (d instanceof Waiter w) wake(w, true);
            }
            deadlines.clear();
            for (Activity a : activities.values()) if (!a.byHold) a.thread.interrupt();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A hold on {@code a} ended (see {@link Hold}). */
    void release(Activity a) {
        lock.lock();
        try {
            if (--a.holds == 0) ended(a);
        } finally {
            lock.unlock();
        }
    }

    // ---- the machinery; every method below runs with the lock held ----

    /** Starts a thread that counts as busy from now on. */
    private Thread launch(String name, Runnable body) {
        Thread t = Thread.ofVirtual().name(name).unstarted(body);
        activities.put(t, new Activity(name, t, false));
        becameBusy();
        t.start();
        return t;
    }

    private void finished(VirtualTask task) {
        lock.lock();
        try {
            task.done = true;
            wakeAll(task.joiners);
            Activity a = activities.get(Thread.currentThread());
            if (a != null) ended(a);
        } finally {
            lock.unlock();
        }
    }

    private void ended(Activity a) {
        activities.remove(a.thread);
        if (!a.idle) busy--;
        advance();
    }

    private TimerTask arm(Duration delay, long repeatNanos, Runnable action) {
        lock.lock();
        try {
            TimerTask t = new TimerTask(this, "virtual-timer-" + ++timers, action, repeatNanos);
            if (closed) {
                t.cancelled = true;
                t.done = true;
            } else {
                armAt(t, deadline(Math.max(0, nanos(delay))));
            }
            return t;
        } finally {
            lock.unlock();
        }
    }

    /** Due now: starts the action at once (busy from this moment). Else it waits for the clock. */
    private void armAt(TimerTask t, long at) {
        if (at <= now) {
            fire(t);
        } else {
            t.next = new TimerRun(at, sequence++, t);
            deadlines.add(t.next);
            advance();
        }
    }

    private void fire(TimerTask t) {
        t.next = null;
        if (t.cancelled) return;
        t.running = launch(t.name, () -> {
            try {
                t.action.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "scheduled action failed: " + e, e);
            } finally {
                lock.lock();
                try {
                    t.running = null;
                    if (t.repeatNanos > 0 && !t.cancelled && !closed) {
                        armAt(t, deadline(t.repeatNanos));
                    } else {
                        t.done = true;
                        wakeAll(t.joiners);
                    }
                    ended(activities.get(Thread.currentThread()));
                } finally {
                    lock.unlock();
                }
            }
        });
    }

    void cancel(TimerTask t) {
        if (t.cancelled) return;
        t.cancelled = true;
        if (t.next != null) deadlines.remove(t.next);
        t.next = null;
        if (t.running != null) {
            t.running.interrupt();
        } else {
            t.done = true;
            wakeAll(t.joiners);
        }
    }

    /** A waiter for the calling thread, registered on {@code queue} (may be null) and, when timed, with the clock. */
    Waiter waiter(long at, ArrayDeque<Waiter> queue) {
        Waiter w = new Waiter(at, sequence++, activities.get(Thread.currentThread()), queue);
        if (queue != null) queue.add(w);
        if (at != NO_DEADLINE && !closed) deadlines.add(w);
        return w;
    }

    /** The virtual time {@code nanos} from now (no deadline if it overflows). */
    long deadline(long nanos) {
        return nanos >= NO_DEADLINE - now ? NO_DEADLINE : now + nanos;
    }

    /**
     * Parks the calling thread until {@code w} is woken, counting it idle meanwhile. Returns false
     * when an interrupt came first (if {@code interruptible}): the waiter is then withdrawn and the
     * thread busy again. The lock is released while parked and held again on return.
     */
    boolean park(Waiter w, boolean interruptible) {
        assert lock.getHoldCount() == 1 : "parking with the scheduler's lock held " + lock.getHoldCount() + " times";
        if (closed && w.at != NO_DEADLINE) { // no clock any more: a timed wait ends at once
            wake(w, true);
            return true;
        }
        Activity a = w.activity;
        if (a != null && !a.idle) {
            a.idle = true;
            busy--;
        }
        advance();
        boolean interrupted = false;
        lock.unlock();
        try {
            while (!w.woken) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                    if (interruptible) break;
                }
            }
        } finally {
            lock.lock();
        }
        if (w.woken) {
            if (interrupted) Thread.currentThread().interrupt();
            return true;
        }
        wake(w, false);
        return false;
    }

    /** Lets a waiter run, counting its thread busy from this moment (the one way a waiter is woken). */
    void wake(Waiter w, boolean timedOut) {
        if (w.woken) return;
        if (w.queue != null) {
            w.queue.remove(w);
            w.queue = null;
        }
        if (w.at != NO_DEADLINE) deadlines.remove(w);
        w.timedOut = timedOut;
        w.woken = true;
        Activity a = w.activity;
        if (a != null && a.idle) {
            a.idle = false;
            becameBusy();
        }
        LockSupport.unpark(w.thread);
    }

    void wakeAll(ArrayDeque<Waiter> queue) {
        List<Waiter> all = new ArrayList<>(queue);
        queue.clear();
        for (Waiter w : all) {
            w.queue = null;
            wake(w, false);
        }
    }

    private void becameBusy() {
        if (busy++ == 0) lastProgressReal = System.nanoTime(); // a stall is counted from here at the earliest
    }

    /** While nothing is busy: moves the clock to the earliest deadline and wakes that one. */
    private void advance() {
        while (busy == 0 && !closed && !deadlines.isEmpty()) {
            Deadline d = deadlines.pollFirst();
            if (d.at > now) now = d.at;
            lastProgressReal = System.nanoTime();
            switch (d) {
                case Waiter w -> wake(w, true);
                case TimerRun r -> fire(r.task);
            }
        }
        if (busy == 0) {
            lastProgressReal = System.nanoTime();
            changed.signalAll();
        }
    }

    private String stallReport() {
        return "virtual time stalled at +" + elapsed() + ": the clock has not moved for " + Duration.ofNanos(stallNanos)
                + " real time while these threads were busy: " + Activity.describeBusy(activities.values(), true)
                + ". A thread that blocks outside the scheduler (Thread.sleep, Object.wait, a JDK lock, queue or"
                + " future) counts as busy: wait through the scheduler's Monitor, sleep or Task.join.";
    }


    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : NO_DEADLINE;
        }
    }
}
