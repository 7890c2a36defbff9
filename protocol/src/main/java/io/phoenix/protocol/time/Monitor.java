package io.phoenix.protocol.time;

/**
 * A lock with one condition, made by a {@link Scheduler}: the replacement for
 * {@code synchronized} + {@code wait}/{@code notifyAll} in code that runs on a scheduler, so that a
 * virtual clock knows which threads are waiting. Use it like a {@code ReentrantLock}:
 * <pre>{@code
 * monitor.lock();
 * try {
 *     while (!ready) monitor.await();
 * } finally {
 *     monitor.unlock();
 * }
 * }</pre>
 */
public interface Monitor {
    void lock();

    void unlock();

    /** Waits (the lock held) until {@link #signalAll} is called; spurious wake-ups are possible. */
    void await() throws InterruptedException;

    /**
     * Waits (the lock held) until {@link #signalAll} is called or {@code nanos} have passed on the
     * scheduler's clock; spurious wake-ups are possible. Returns an estimate of the nanos left
     * (zero or less when the time has passed), like {@link java.util.concurrent.locks.Condition#awaitNanos}.
     */
    long awaitNanos(long nanos) throws InterruptedException;

    /** Wakes every thread waiting on this monitor (the lock held). */
    void signalAll();
}
