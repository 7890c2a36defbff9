package io.phoenix.protocol.exchange;

/**
 * Tuning of the {@link FetchScheduler}.
 *
 * @param initialWindow blocks in flight at a peer before its rate is known
 * @param maxWindow most blocks in flight at one peer
 * @param maxWindowBytes most bytes in flight at one peer
 * @param targetQueueMillis how much work (at the peer's measured rate) to keep queued there
 * @param minTimeoutMillis shortest request timeout
 * @param maxTimeoutMillis longest request timeout
 * @param defaultBlockBytes size assumed for a block whose size is unknown
 * @param initialRateBytesPerMilli rate assumed for a peer before it delivered anything
 * @param seedPenalty cost multiplier for a peer that holds everything we need, when a peer that
 *     does not also holds the block (keeps the origin's upload for blocks nobody else has)
 * @param maxLiveWants most wanted blocks a fetch keeps in the heap at once (the rest stay in its
 *     {@link WantSource} until blocks complete); at least the peers' windows together
 */
public record FetchConfig(int initialWindow, int maxWindow, long maxWindowBytes, long targetQueueMillis,
        long minTimeoutMillis, long maxTimeoutMillis, long defaultBlockBytes, double initialRateBytesPerMilli,
        double seedPenalty, int maxLiveWants) {
    /** Default live wants: 4,096 entries (about 1 MB of heap), several times what 16 peers' windows keep in flight. */
    public static final int DEFAULT_MAX_LIVE_WANTS = 4096;

    public FetchConfig {
        if (maxLiveWants < 1) throw new IllegalArgumentException("maxLiveWants must be positive: " + maxLiveWants);
    }

    /** With the default {@link #DEFAULT_MAX_LIVE_WANTS}. */
    public FetchConfig(int initialWindow, int maxWindow, long maxWindowBytes, long targetQueueMillis,
            long minTimeoutMillis, long maxTimeoutMillis, long defaultBlockBytes, double initialRateBytesPerMilli,
            double seedPenalty) {
        this(initialWindow, maxWindow, maxWindowBytes, targetQueueMillis, minTimeoutMillis, maxTimeoutMillis, defaultBlockBytes,
                initialRateBytesPerMilli, seedPenalty, DEFAULT_MAX_LIVE_WANTS);
    }

    public static FetchConfig defaults() {
        return new FetchConfig(4, 64, 32L << 20, 500, 2_000, 60_000, 256 * 1024, 1_000, 4.0);
    }

    /**
     * The node's tuning (docs/daemon.md "Fetch tuning"): eight requests per peer from the start, so
     * that a seed's upload queue (least-uploaded block first across all its clients) has blocks it
     * has not sent yet to choose from; blocks assumed to be 512 KiB (the chunker's average); and a
     * strong preference for partial holders over seeds, which keeps the origin's upload for blocks
     * nobody else has yet.
     */
    public static FetchConfig node() {
        return defaults().withInitialWindow(8).withDefaultBlockBytes(512 * 1024).withSeedPenalty(16.0);
    }

    public FetchConfig withInitialWindow(int blocks) {
        return new FetchConfig(blocks, maxWindow, maxWindowBytes, targetQueueMillis, minTimeoutMillis, maxTimeoutMillis,
                defaultBlockBytes, initialRateBytesPerMilli, seedPenalty, maxLiveWants);
    }

    public FetchConfig withDefaultBlockBytes(long bytes) {
        return new FetchConfig(initialWindow, maxWindow, maxWindowBytes, targetQueueMillis, minTimeoutMillis, maxTimeoutMillis,
                bytes, initialRateBytesPerMilli, seedPenalty, maxLiveWants);
    }

    public FetchConfig withSeedPenalty(double penalty) {
        return new FetchConfig(initialWindow, maxWindow, maxWindowBytes, targetQueueMillis, minTimeoutMillis, maxTimeoutMillis,
                defaultBlockBytes, initialRateBytesPerMilli, penalty, maxLiveWants);
    }

    public FetchConfig withMaxLiveWants(int wants) {
        return new FetchConfig(initialWindow, maxWindow, maxWindowBytes, targetQueueMillis, minTimeoutMillis, maxTimeoutMillis,
                defaultBlockBytes, initialRateBytesPerMilli, seedPenalty, wants);
    }
}
