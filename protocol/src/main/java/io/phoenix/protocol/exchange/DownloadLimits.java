package io.phoenix.protocol.exchange;

/**
 * A fetch's download limits: the node-wide token bucket (possibly shared with other fetches, used
 * under its own lock) and one bucket per peer, in milliseconds of the scheduler's {@code now}. A
 * request is sent only when they have room for its expected size; what arrives is charged at its
 * real size.
 */
final class DownloadLimits {
    private final TokenBucket download;
    private final long perPeer;
    private final long burst;

    /**
     * @param download the node's download limit, or null for none
     * @param perPeerBytesPerSecond limit towards each peer (0 = none)
     * @param burstBytes depth of the per-peer buckets
     */
    DownloadLimits(TokenBucket download, long perPeerBytesPerSecond, long burstBytes) {
        this.download = download;
        this.perPeer = perPeerBytesPerSecond;
        this.burst = burstBytes;
    }

    /** Milliseconds until the node-wide download limit has room again (0 = now). */
    long globalDelay(long now) {
        if (download == null) return 0;
        synchronized (download) {
            return millisCeil(download.delayNanos(nanos(now)));
        }
    }

    /** Milliseconds until {@code p}'s limit has room again (0 = now). */
    long peerDelay(FetchPeer p, long now) {
        if (perPeer <= 0) return 0;
        if (p.down == null) p.down = new TokenBucket(perPeer, burst, nanos(now));
        return millisCeil(p.down.delayNanos(nanos(now)));
    }

    /** Charges {@code bytes} (negative: refunds) to the node-wide limit and, when given, {@code p}'s. */
    void charge(FetchPeer p, long bytes, long now) {
        if (bytes == 0) return;
        if (download != null) {
            synchronized (download) {
                download.take(bytes, nanos(now));
            }
        }
        if (p != null) chargePeer(p, bytes, now);
    }

    void chargePeer(FetchPeer p, long bytes, long now) {
        if (perPeer <= 0) return;
        peerDelay(p, now);
        p.down.take(bytes, nanos(now));
    }

    private static long nanos(long millis) {
        return millis * 1_000_000;
    }

    private static long millisCeil(long nanos) {
        return (nanos + 999_999) / 1_000_000;
    }
}
