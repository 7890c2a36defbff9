package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;

/**
 * What a bridge holds of one snapshot. {@code blocksPresent}/{@code blocksTotal} are -1 when the
 * bridge cannot count them (a pinning service only reports a status).
 */
public record SnapshotState(Cid root, Status status, long blocksPresent, long blocksTotal, String detail) {
    public enum Status {
        /** Nothing of the snapshot is there (not even its root). */
        ABSENT,
        /** Some blocks are there, not all (an interrupted push). */
        PARTIAL,
        /** Every block is there and the remote keeps it (pinned, written, confirmed). */
        COMPLETE,
        /** The remote accepted the snapshot and is still working on it (queued, pinning, unconfirmed). */
        PENDING,
        /** The remote gave up on the snapshot. */
        FAILED
    }

    public boolean complete() {
        return status == Status.COMPLETE;
    }
}
