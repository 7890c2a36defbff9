package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;

/**
 * A block to fetch: its CID, its position in the snapshot's index (the number peers' holdings
 * name it by; for loose blocks any distinct number), lower priority first; {@code sizeHint} ≤ 0
 * when unknown.
 */
public record Wanted(Cid cid, long position, long priority, long sizeHint) {
    public Wanted {
        if (position < 0) throw new IllegalArgumentException("position " + position);
    }
}
