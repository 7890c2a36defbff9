package io.phoenix.protocol.p2p.host;

import java.time.Duration;
import java.util.Random;

/** Exponential reconnect backoff with jitter: {@code min(max, initial·2^attempt) · (1 ± jitter)}. Pure. */
public record Backoff(Duration initial, Duration max, double jitter) {
    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) throw new IllegalArgumentException("bad backoff bounds");
        if (jitter < 0 || jitter >= 1) throw new IllegalArgumentException("jitter must be in [0,1)");
    }

    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), 0.2);
    }

    /** Delay before reconnect attempt {@code attempt} (0-based). */
    public Duration delay(int attempt, Random random) {
        long base = initial.toMillis();
        long cap = max.toMillis();
        long d = attempt >= 40 ? cap : Math.min(cap, base << Math.min(attempt, 40));
        if (d < 0) d = cap;
        double f = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.min(cap, (long) (d * f))));
    }
}
