package io.phoenix.bridge;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a blocking task for each item with at most {@code parallelism} tasks in flight (virtual
 * threads, so a slow remote costs no platform threads). Items come from a {@link Producer} that
 * hands them over one at a time (a snapshot walk): handing one over waits for a free slot, so no
 * more than {@code parallelism} items are ever held, however many the producer has. The first
 * failure stops the producer at its next item and new tasks from starting; tasks already running
 * finish; that failure is rethrown with the others suppressed.
 */
public final class Parallel {
    /** One unit of work. */
    @FunctionalInterface
    public interface Task<T> {
        void run(T item) throws BridgeException;
    }

    /** Where a producer hands its items. */
    @FunctionalInterface
    public interface Sink<T> {
        void accept(T item) throws BridgeException;
    }

    /** Hands every item to the sink, one at a time; stops when the sink throws. */
    @FunctionalInterface
    public interface Producer<T> {
        void produce(Sink<T> sink) throws BridgeException;
    }

    private Parallel() {}

    public static <T> void forEach(Iterable<T> items, int parallelism, Task<T> task) throws BridgeException {
        forEach(sink -> {
            for (T item : items) sink.accept(item);
        }, parallelism, task);
    }

    public static <T> void forEach(Producer<T> producer, int parallelism, Task<T> task) throws BridgeException {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
        Semaphore slots = new Semaphore(parallelism);
        AtomicReference<BridgeException> failure = new AtomicReference<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                producer.produce(item -> {
                    try {
                        slots.acquire();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new BridgeException(BridgeFailure.INTERRUPTED, "interrupted", e);
                    }
                    BridgeException earlier = failure.get();
                    if (earlier != null) {
                        slots.release();
                        throw earlier;
                    }
                    pool.execute(() -> {
                        try {
                            task.run(item);
                        } catch (BridgeException e) {
                            record(failure, e);
                        } catch (RuntimeException e) {
                            record(failure, new BridgeException(BridgeFailure.PROTOCOL, String.valueOf(e.getMessage()), e));
                        } finally {
                            slots.release();
                        }
                    });
                });
            } catch (BridgeException e) {
                record(failure, e); // the producer's own failure, or a task's rethrown to stop it
            }
        }
        BridgeException e = failure.get();
        if (e != null) throw e;
    }

    private static void record(AtomicReference<BridgeException> failure, BridgeException e) {
        if (!failure.compareAndSet(null, e) && failure.get() != e) failure.get().addSuppressed(e);
    }
}
