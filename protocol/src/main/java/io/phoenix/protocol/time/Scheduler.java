package io.phoenix.protocol.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Time, timers and threads for everything below the composition root. The daemon creates one
 * {@link SystemScheduler} (the real clock, virtual threads, one timer thread); tests and simulations
 * pass a {@link VirtualScheduler}, whose clock moves only when every thread it started is waiting,
 * so that a run depends on what the code does, not on how busy the machine is.
 *
 * <p>The contract for code that takes a scheduler: read time only through {@link #nanoTime()} and
 * {@link #clock()}; start threads only with {@link #start}; wait only on a {@link Monitor} from
 * {@link #newMonitor()} (or through {@link #sleep} and {@link Task#join}); never call
 * {@code Thread.sleep}, {@code Object.wait} or a timed JDK wait. A thread that blocks anywhere else
 * counts as busy and stops a virtual clock.
 */
public interface Scheduler {
    /** Monotonic time in nanoseconds (only differences mean anything). */
    long nanoTime();

    /** The wall clock (UTC). */
    Clock clock();

    /** The wall-clock time now. */
    default Instant now() {
        return clock().instant();
    }

    /** Starts {@code body} on a new thread named {@code name}. */
    Task start(String name, Runnable body);

    /** Runs {@code action} once, on a new thread, after {@code delay}. */
    Task schedule(Duration delay, Runnable action);

    /**
     * Runs {@code action} after {@code initialDelay}, then again {@code delay} after each run ends,
     * until cancelled. A run that throws is logged and does not stop later runs.
     */
    Task scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable action);

    /** A lock with one condition, whose waits this scheduler sees. */
    Monitor newMonitor();

    /** Waits {@code duration} (the calling thread must be one this scheduler started, or the test's own). */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Waits for {@code future} through a {@link Monitor} (so a virtual clock sees the wait), at most
     * {@code timeout} (null: no limit): its value, or its failure as an {@link ExecutionException}, or a
     * {@link TimeoutException} when it is not done in time (the future is left running).
     */
    default <T> T await(CompletableFuture<T> future, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Monitor m = newMonitor();
        future.whenComplete((v, e) -> {
            m.lock();
            try {
                m.signalAll();
            } finally {
                m.unlock();
            }
        });
        boolean forever = timeout == null;
        m.lock();
        try {
            long left = forever ? Long.MAX_VALUE : timeout.toNanos();
            while (!future.isDone()) {
                if (forever) {
                    m.await();
                } else {
                    if (left <= 0) throw new TimeoutException("not done within " + timeout);
                    left = m.awaitNanos(left);
                }
            }
        } finally {
            m.unlock();
        }
        return future.get();
    }

    /** {@link #await(CompletableFuture, Duration)} without a time limit. */
    default <T> T await(CompletableFuture<T> future) throws InterruptedException, ExecutionException {
        try {
            return await(future, null);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e); // cannot happen without a limit
        }
    }
}
