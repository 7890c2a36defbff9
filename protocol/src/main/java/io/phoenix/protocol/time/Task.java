package io.phoenix.protocol.time;

import java.time.Duration;

/** A thread or timer started by a {@link Scheduler}. */
public interface Task {
    /** Stops it: a timer does not fire (again); a thread is interrupted. Idempotent. */
    void cancel();

    /** Whether it has ended (a thread returned, a one-shot timer ran or was cancelled). */
    boolean isDone();

    /** Waits until it has ended, at most {@code timeout}; true when it has. */
    boolean join(Duration timeout) throws InterruptedException;

    /** Waits until it has ended, however long that takes. */
    default void join() throws InterruptedException {
        join(Duration.ofNanos(Long.MAX_VALUE));
    }
}
