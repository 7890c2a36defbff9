package io.phoenix.node;

import java.time.Instant;

/**
 * Phase timestamps for measuring a command: with {@code PHOENIX_TRACE} set (any value), each
 * {@link #mark} prints {@code phoenix: trace <ms since the JVM started> <thread> <phase>} to stderr.
 * Off by default, and then costs one static check per mark.
 */
public final class Trace {
    private static final boolean ON = System.getenv("PHOENIX_TRACE") != null;
    private static final long START = ON ? startNanos() : 0;

    private Trace() {}

    public static void mark(String phase) {
        if (!ON) return;
        System.err.printf("phoenix: trace %6.0f ms %-18s %s%n", (System.nanoTime() - START) / 1e6, Thread.currentThread().getName(), phase);
    }

    /** System.nanoTime() at JVM start, from the process start time (ms resolution). */
    private static long startNanos() {
        long sinceStartMs = System.currentTimeMillis() - ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
                .orElse(System.currentTimeMillis());
        return System.nanoTime() - sinceStartMs * 1_000_000L;
    }
}
