package io.phoenix.protocol.time;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The real {@link Scheduler}: {@link System#nanoTime()}, the system UTC clock, virtual threads, and
 * one daemon timer thread that only hands every firing to a new virtual thread, so a long action
 * never delays another timer. A fixed-delay timer arms its next run when the previous one ends.
 * Created by the composition roots only ({@code Daemon}, the CLI); {@link #close} stops its timers
 * (timers armed afterwards never fire).
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
        TimerTask t = new TimerTask(action, null);
        t.arm(delay);
        return t;
    }

    @Override
    public Task scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable action) {
        if (delay.isNegative() || delay.isZero()) throw new IllegalArgumentException("delay must be positive: " + delay);
        TimerTask t = new TimerTask(action, delay);
        t.arm(initialDelay);
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

    /** A one-shot or fixed-delay timer; each run on a virtual thread of its own. */
    private final class TimerTask implements Task {
        private final Runnable action;
        private final Duration repeat;
        private final CountDownLatch done = new CountDownLatch(1);
        private final ReentrantLock lock = new ReentrantLock();
        private ScheduledFuture<?> future;
        private Thread running;
        private boolean cancelled;

        TimerTask(Runnable action, Duration repeat) {
            this.action = action;
            this.repeat = repeat;
        }

        void arm(Duration delay) {
            lock.lock();
            try {
                if (cancelled) return;
                future = timer.schedule(this::fire, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                cancelled = true; // the scheduler is closed
                done.countDown();
            } finally {
                lock.unlock();
            }
        }

        private void fire() {
            lock.lock();
            try {
                if (cancelled) return;
                running = Thread.ofVirtual().name("phoenix-timer-action").start(this::run);
            } finally {
                lock.unlock();
            }
        }

        private void run() {
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "scheduled action failed: " + e, e);
            }
            lock.lock();
            try {
                running = null;
                if (repeat == null || cancelled) {
                    cancelled = true;
                    done.countDown();
                    return;
                }
            } finally {
                lock.unlock();
            }
            arm(repeat);
        }

        @Override
        public void cancel() {
            lock.lock();
            try {
                if (cancelled && running == null) return;
                cancelled = true;
                if (future != null) future.cancel(false);
                if (running != null) {
                    running.interrupt();
                } else {
                    done.countDown();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean isDone() {
            return done.getCount() == 0;
        }

        @Override
        public boolean join(Duration timeout) throws InterruptedException {
            return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
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
