package io.phoenix.gossip;

import io.phoenix.protocol.time.Monitor;
import io.phoenix.protocol.time.Scheduler;
import java.util.ArrayDeque;

/**
 * Runs subscriber callbacks one after another, in the order they were queued, on one thread of the
 * scheduler (waiting on a {@link Monitor} of it when there is nothing to do). {@link #stop} lets
 * what is queued run, then the thread ends.
 */
final class DeliveryQueue {
    private final Monitor monitor;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean stopping;

    DeliveryQueue(Scheduler scheduler, String name) {
        this.monitor = scheduler.newMonitor();
        scheduler.start(name, this::run);
    }

    /** Queues {@code delivery}; ignored once stopped. */
    void execute(Runnable delivery) {
        monitor.lock();
        try {
            if (stopping) return;
            queue.add(delivery);
            monitor.signalAll();
        } finally {
            monitor.unlock();
        }
    }

    void stop() {
        monitor.lock();
        try {
            stopping = true;
            monitor.signalAll();
        } finally {
            monitor.unlock();
        }
    }

    private void run() {
        while (true) {
            Runnable next;
            monitor.lock();
            try {
                while (queue.isEmpty()) {
                    if (stopping) return;
                    monitor.await();
                }
                next = queue.poll();
            } catch (InterruptedException e) {
                return;
            } finally {
                monitor.unlock();
            }
            next.run();
        }
    }
}
