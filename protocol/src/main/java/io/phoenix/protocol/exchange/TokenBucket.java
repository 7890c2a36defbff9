package io.phoenix.protocol.exchange;

/**
 * A byte-rate limiter: {@code ratePerSecond} tokens accrue continuously up to {@code burst}; a
 * send of n bytes takes n tokens and may drive the balance negative (so a 1 MiB block passes a
 * small bucket), after which the next send waits until the debt is repaid. Time is passed in
 * (nanoseconds from any fixed origin), so it runs in virtual time. Not thread-safe.
 */
public final class TokenBucket {
    private final double ratePerNano;
    private final long burst;
    private double tokens;
    private long last;

    public TokenBucket(long ratePerSecond, long burst, long nowNanos) {
        if (ratePerSecond <= 0) throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        if (burst <= 0) throw new IllegalArgumentException("burst must be positive: " + burst);
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    private void refill(long now) {
        if (now > last) {
            tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
            last = now;
        }
    }

    /** Nanoseconds to wait before the next send may start (0 = now). Does not take tokens. */
    public long delayNanos(long nowNanos) {
        refill(nowNanos);
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
    }

    /** Takes {@code bytes} tokens (call once {@link #delayNanos} is 0). */
    public void take(long bytes, long nowNanos) {
        refill(nowNanos);
        tokens -= bytes;
    }

    public double available(long nowNanos) {
        refill(nowNanos);
        return tokens;
    }
}
