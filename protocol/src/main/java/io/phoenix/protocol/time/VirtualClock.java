package io.phoenix.protocol.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.LongSupplier;

/** A {@link VirtualScheduler}'s wall clock: its start instant plus the virtual nanoseconds elapsed. */
final class VirtualClock extends Clock {
    private final Instant origin;
    private final LongSupplier elapsedNanos;
    private final ZoneId zone;

    VirtualClock(Instant origin, LongSupplier elapsedNanos, ZoneId zone) {
        this.origin = origin;
        this.elapsedNanos = elapsedNanos;
        this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return z.equals(zone) ? this : new VirtualClock(origin, elapsedNanos, z);
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(elapsedNanos.getAsLong());
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }
}
