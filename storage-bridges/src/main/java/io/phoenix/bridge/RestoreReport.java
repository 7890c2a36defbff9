package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import java.time.Duration;

/** The outcome of {@link BridgeRestore#restore}: blocks fetched from the bridge, blocks already local, bytes, time. */
public record RestoreReport(String bridge, Cid root, long blocksTotal, long blocksFetched, long blocksAlreadyLocal,
                            long bytesFetched, Duration elapsed) {
    public double megabytesPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 || bytesFetched == 0 ? 0 : bytesFetched / 1e6 / s;
    }
}
