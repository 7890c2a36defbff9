package io.phoenix.protocol.time;

import io.phoenix.protocol.time.Deadline.Waiter;
import java.time.Duration;
import java.util.ArrayDeque;

/** A thread's or a timer's task: done when it ended; joinable in virtual time. */
abstract sealed class VirtualTask implements Task permits VirtualTask.ThreadTask, VirtualTask.TimerTask {
    final VirtualScheduler scheduler;
    final ArrayDeque<Waiter> joiners = new ArrayDeque<>();
    boolean done;

    VirtualTask(VirtualScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public boolean isDone() {
        scheduler.lock.lock();
        try {
            return done;
        } finally {
            scheduler.lock.unlock();
        }
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        scheduler.lock.lock();
        try {
            long n = VirtualScheduler.nanos(timeout);
            if (done || n <= 0) return done;
            Waiter w = scheduler.waiter(scheduler.deadline(n), joiners);
            if (!scheduler.park(w, true)) throw new InterruptedException();
            return done;
        } finally {
            scheduler.lock.unlock();
        }
    }

    static final class ThreadTask extends VirtualTask {
        Thread thread;

        ThreadTask(VirtualScheduler scheduler) {
            super(scheduler);
        }

        @Override
        public void cancel() {
            thread.interrupt();
        }
    }

    static final class TimerTask extends VirtualTask {
        final String name;
        final Runnable action;
        final long repeatNanos;
        Deadline.TimerRun next;
        Thread running;
        boolean cancelled;

        TimerTask(VirtualScheduler scheduler, String name, Runnable action, long repeatNanos) {
            super(scheduler);
            this.name = name;
            this.action = action;
            this.repeatNanos = repeatNanos;
        }

        @Override
        public void cancel() {
            scheduler.lock.lock();
            try {
                scheduler.cancel(this);
            } finally {
                scheduler.lock.unlock();
            }
        }
    }
}
