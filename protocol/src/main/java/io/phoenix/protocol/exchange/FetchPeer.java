package io.phoenix.protocol.exchange;

import io.phoenix.protocol.p2p.PeerId;
import java.util.HashSet;
import java.util.Set;

/**
 * What a {@link FetchScheduler} knows of one peer: what it holds (everything, or the positions in
 * {@link #has}, created when its first partial holding arrives), what is in flight there, its
 * measured rate and window.
 */
final class FetchPeer {
    private final FetchConfig config;
    final PeerId id;
    PositionSet has;
    /** Holds every entry of the index (no position set needed). */
    boolean complete;
    final Set<FetchEntry> inFlight = new HashSet<>();
    long inFlightBytes;
    double rate;
    double rtt = -1;
    long lastDelivery = Long.MIN_VALUE;
    boolean measured;
    int window;
    long delivered;
    TokenBucket down;

    boolean seed;

    FetchPeer(FetchConfig config, PeerId id) {
        this.config = config;
        this.rate = config.initialRateBytesPerMilli();
        this.window = config.initialWindow();
        this.id = id;
    }

    /** Whether this peer holds {@code e}, as far as we know. */
    boolean holds(FetchEntry e) {
        if (complete) return e.lostAt == null || !e.lostAt.contains(id);
        return has != null && e.anyIn(has);
    }

    void close() {
        if (has != null) has.close();
        has = null;
    }

    boolean hasRoom() {
        return inFlight.size() < window && inFlightBytes < config.maxWindowBytes();
    }

    boolean hasStealRoom() {
        return inFlight.size() < 2 * window && inFlightBytes < config.maxWindowBytes();
    }

    double expectedMillis(long extraBytes) {
        return Math.max(rtt, 0) + (inFlightBytes + extraBytes) / rate;
    }

    long timeoutFor(long bytes) {
        double expected = 4 * Math.max(rtt, 0) + 3 * (inFlightBytes + bytes) / rate;
        return Math.max(config.minTimeoutMillis(), Math.min(config.maxTimeoutMillis(), (long) expected));
    }
}

