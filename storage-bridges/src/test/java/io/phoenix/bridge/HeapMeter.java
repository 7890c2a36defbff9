package io.phoenix.bridge;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts what the heap holds, not what was allocated: the heap in use right after a full
 * collection, taken at checkpoints while an operation runs (from inside its callbacks, so that
 * whatever the operation holds at that moment is live). A structure with an entry per block shows
 * as growth between checkpoints and as distance from the baseline taken before the operation.
 */
public final class HeapMeter {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final long baseline;
    private final List<Long> checkpoints = new ArrayList<>();

    public HeapMeter() {
        this.baseline = held();
    }

    /** Heap in use after a full collection (the least of two, so a collection racing an allocation does not count). */
    public static long held() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            MEMORY.gc();
            least = Math.min(least, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    public void checkpoint() {
        synchronized (checkpoints) {
            checkpoints.add(held());
        }
    }

    public long baseline() {
        return baseline;
    }

    /** The most held above the baseline at any checkpoint. */
    public long aboveBaseline() {
        synchronized (checkpoints) {
            return checkpoints.stream().mapToLong(c -> c - baseline).max().orElseThrow();
        }
    }

    /** How much the heap grew from the first checkpoint to the highest later one. */
    public long growth() {
        synchronized (checkpoints) {
            long first = checkpoints.get(0);
            return checkpoints.stream().mapToLong(c -> c - first).max().orElseThrow();
        }
    }

    public int checkpoints() {
        synchronized (checkpoints) {
            return checkpoints.size();
        }
    }

    @Override
    public String toString() {
        synchronized (checkpoints) {
            return "baseline " + baseline / 1024 + " KiB, checkpoints above it (KiB): "
                    + checkpoints.stream().map(c -> Long.toString((c - baseline) / 1024)).toList();
        }
    }
}
