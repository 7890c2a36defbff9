package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import java.time.Duration;

/**
 * The outcome of one successful push: how many blocks the snapshot has, how many were sent now
 * and how many the remote already had (earlier pushes, shared blocks), bytes sent and time taken.
 */
public record PushReport(String bridge, Cid root, long blocksTotal, long blocksSent, long blocksSkipped,
                         long bytesSent, Duration elapsed, SnapshotState state) {
    /** Sent bytes per second in MB/s (10^6), 0 when nothing was sent. */
    public double megabytesPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 || bytesSent == 0 ? 0 : bytesSent / 1e6 / s;
    }
}
