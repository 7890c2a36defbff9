package io.phoenix.bridge;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a blocking task for each item with at most {@code parallelism} tasks in flight (virtual
 * threads, so a slow remote costs no platform threads). The first failure stops new tasks from
 * starting; tasks already running finish; that failure is rethrown with the others suppressed.
 */
public final class Parallel {
    /** One unit of work. */
    @FunctionalInterface
    public interface Task<T> {
        void run(T item) throws BridgeException;
    }

    private Parallel() {}

    public static <T> void forEach(Iterable<T> items, int parallelism, Task<T> task) throws BridgeException {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
        Semaphore slots = new Semaphore(parallelism);
        AtomicReference<BridgeException> failure = new AtomicReference<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T item : items) {
                try {
                    slots.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure.compareAndSet(null, new BridgeException(BridgeFailure.INTERRUPTED, "interrupted", e));
                    break;
                }
                if (failure.get() != null) {
                    slots.release();
                    break;
                }
                pool.execute(() -> {
                    try {
                        task.run(item);
                    } catch (BridgeException e) {
                        if (!failure.compareAndSet(null, e) && failure.get() != e) failure.get().addSuppressed(e);
                    } catch (RuntimeException e) {
                        BridgeException b = new BridgeException(BridgeFailure.PROTOCOL, String.valueOf(e.getMessage()), e);
                        if (!failure.compareAndSet(null, b)) failure.get().addSuppressed(b);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        BridgeException e = failure.get();
        if (e != null) throw e;
    }
}
