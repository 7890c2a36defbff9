package io.phoenix.protocol.time;

import java.util.ArrayDeque;

/** Something due at a {@link VirtualScheduler}'s virtual time, in (time, creation order); guarded by the scheduler's lock. */
abstract sealed class Deadline permits Deadline.Waiter, Deadline.TimerRun {
    final long at;
    final long seq;

    Deadline(long at, long seq) {
        this.at = at;
        this.seq = seq;
    }

    /** A thread parked in one of the scheduler's waits. */
    static final class Waiter extends Deadline {
        final Thread thread = Thread.currentThread();
        final Activity activity;
        /** The wait list it is on (a monitor's entry or condition queue, a task's joiners), or null. */
        ArrayDeque<Waiter> queue;
        volatile boolean woken;
        boolean timedOut;

        Waiter(long at, long seq, Activity activity, ArrayDeque<Waiter> queue) {
            super(at, seq);
            this.activity = activity;
            this.queue = queue;
        }
    }

    static final class TimerRun extends Deadline {
        final VirtualTask.TimerTask task;

        TimerRun(long at, long seq, VirtualTask.TimerTask task) {
            super(at, seq);
            this.task = task;
        }
    }
}
