package io.phoenix.protocol.time;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The real {@link Scheduler}: {@link System#nanoTime()}, the system UTC clock, virtual threads, and
 * one daemon timer thread that hands every firing to a new virtual thread (so a long action never
 * delays another). Created by the composition roots only ({@code Daemon}, the CLI); {@link #close}
 * stops its timers.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SystemScheduler.class.getName());

    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("phoenix-timer").factory());

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Task start(String name, Runnable body) {
        return new ThreadTask(Thread.ofVirtual().name(name).start(body));
    }

    @Override
    public Task schedule(Duration delay, Runnable action) {
        TimerTask t = new TimerTask();
        t.future = timer.schedule(() -> t.run(action), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return t;
    }

    @Override
    public Task scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable action) {
        if (delay.isNegative() || delay.isZero()) throw new IllegalArgumentException("delay must be positive: " + delay);
        TimerTask t = new TimerTask();
        t.future = timer.scheduleWithFixedDelay(() -> t.run(action), Math.max(0, initialDelay.toNanos()), delay.toNanos(), TimeUnit.NANOSECONDS);
        t.repeating = true;
        return t;
    }

    @Override
    public Monitor newMonitor() {
        return new LockMonitor();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** A timer; each firing runs on its own virtual thread, which the timer thread waits for (fixed delay counts from the end). */
    private static final class TimerTask implements Task {
        volatile ScheduledFuture<?> future;
        volatile boolean repeating;
        private volatile Thread running;

        void run(Runnable action) {
            Thread t = Thread.ofVirtual().name("phoenix-timer-action").start(() -> {
                try {
                    action.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.WARNING, "scheduled action failed: " + e, e);
                }
            });
            running = t;
            try {
                t.join();
            } catch (InterruptedException e) {
                t.interrupt();
                Thread.currentThread().interrupt();
            } finally {
                running = null;
            }
        }

        @Override
        public void cancel() {
            ScheduledFuture<?> f = future;
            if (f != null) f.cancel(false);
            Thread t = running;
            if (t != null) t.interrupt();
        }

        @Override
        public boolean isDone() {
            ScheduledFuture<?> f = future;
            return f != null && f.isDone() && running == null;
        }

        @Override
        public boolean join(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!isDone()) {
                if (System.nanoTime() - deadline >= 0) return false;
                Thread.sleep(1);
            }
            return true;
        }
    }

    private record ThreadTask(Thread thread) implements Task {
        @Override
        public void cancel() {
            thread.interrupt();
        }

        @Override
        public boolean isDone() {
            return !thread.isAlive();
        }

        @Override
        public boolean join(Duration timeout) throws InterruptedException {
            return thread.join(timeout);
        }
    }

    private static final class LockMonitor implements Monitor {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition condition = lock.newCondition();

        @Override
        public void lock() {
            lock.lock();
        }

        @Override
        public void unlock() {
            lock.unlock();
        }

        @Override
        public void await() throws InterruptedException {
            condition.await();
        }

        @Override
        public long awaitNanos(long nanos) throws InterruptedException {
            return condition.awaitNanos(nanos);
        }

        @Override
        public void signalAll() {
            condition.signalAll();
        }
    }
}
