package io.phoenix.bridge;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: attempt {@code n} (from 1) waits a random time in
 * {@code [0, min(maxDelay, initialDelay * 2^(n-1))]} before the next attempt.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) throw new IllegalArgumentException("bad delays");
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofMillis(250), Duration.ofSeconds(30));
    }

    /** The wait after failed attempt {@code attempt} (1-based). */
    public Duration delay(int attempt, RandomGenerator random) {
        long cap = initialDelay.toMillis() << Math.min(attempt - 1, 30);
        long bound = Math.min(maxDelay.toMillis(), cap < 0 ? Long.MAX_VALUE : cap);
        return Duration.ofMillis(bound <= 0 ? 0 : random.nextLong(bound + 1));
    }
}
