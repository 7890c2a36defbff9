package io.phoenix.protocol.time;

import io.phoenix.protocol.time.Deadline.Waiter;
import java.util.ArrayDeque;

/**
 * The {@link Monitor} of a {@link VirtualScheduler}: a reentrant lock and one condition whose
 * every wait the scheduler sees. A thread blocked in {@link #lock()} waits (it cannot run before
 * the owner unlocks, and the owner is busy or itself waiting), and {@link #unlock()} hands the
 * lock to the longest-waiting thread, counting it busy. State is guarded by the scheduler's lock.
 */
final class VirtualMonitor implements Monitor {
    private final VirtualScheduler scheduler;
    private final ArrayDeque<Waiter> entering = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private Thread owner;
    private int holds;

    VirtualMonitor(VirtualScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void lock() {
        scheduler.lock.lock();
        try {
            acquire();
        } finally {
            scheduler.lock.unlock();
        }
    }

    @Override
    public void unlock() {
        scheduler.lock.lock();
        try {
            checkOwner();
            if (--holds == 0) release();
        } finally {
            scheduler.lock.unlock();
        }
    }

    @Override
    public void await() throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        scheduler.lock.lock();
        try {
            awaitUntil(VirtualScheduler.NO_DEADLINE);
        } finally {
            scheduler.lock.unlock();
        }
    }

    @Override
    public long awaitNanos(long nanos) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        scheduler.lock.lock();
        try {
            checkOwner();
            if (nanos <= 0) return nanos;
            long deadline = scheduler.deadline(nanos);
            awaitUntil(deadline);
            return deadline == VirtualScheduler.NO_DEADLINE ? nanos : deadline - scheduler.nanoTime();
        } finally {
            scheduler.lock.unlock();
        }
    }

    @Override
    public void signalAll() {
        scheduler.lock.lock();
        try {
            checkOwner();
            scheduler.wakeAll(waiting);
        } finally {
            scheduler.lock.unlock();
        }
    }

    /** Releases the lock, waits for a signal or the deadline, takes the lock again (the scheduler's lock held, once). */
    private void awaitUntil(long deadline) throws InterruptedException {
        checkOwner();
        int saved = holds;
        holds = 0;
        release();
        boolean signalled = scheduler.park(scheduler.waiter(deadline, waiting), true);
        acquire();
        holds = saved;
        if (!signalled) throw new InterruptedException();
    }

    /** Takes the lock, waiting in line (counted idle) while another thread holds it. */
    private void acquire() {
        Thread me = Thread.currentThread();
        if (owner == me) {
            holds++;
        } else if (owner == null) {
            owner = me;
            holds = 1;
        } else {
            // release() makes us the owner before it wakes us
            scheduler.park(scheduler.waiter(VirtualScheduler.NO_DEADLINE, entering), false);
        }
    }

    private void release() {
        owner = null;
        Waiter next = entering.poll();
        if (next == null) return;
        next.queue = null;
        owner = next.thread;
        holds = 1;
        scheduler.wake(next, false);
    }

    private void checkOwner() {
        if (owner != Thread.currentThread()) throw new IllegalMonitorStateException("the monitor's lock is not held by this thread");
    }
}
