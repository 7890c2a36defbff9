package io.phoenix.protocol.heads;

import io.phoenix.protocol.multiformats.Cid;

/**
 * A snapshot a node is still fetching: {@code held} of {@code total} entries of its block index.
 * Self-reported and unsigned (display only; receipts prove complete copies).
 */
public record PartialHolding(Cid manifest, long held, long total) {
    public PartialHolding {
        if (manifest == null) throw new IllegalArgumentException("manifest is required");
        if (total <= 0 || held < 0 || held > total) {
            throw new IllegalArgumentException("partial holding of " + manifest + ": held " + held + " of " + total + " is not 0 <= held <= total, total > 0");
        }
    }

    /** Whole percent held, rounded down. */
    public int percent() {
        return (int) (100 * held / total);
    }
}
