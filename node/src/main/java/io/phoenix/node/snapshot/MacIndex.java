package io.phoenix.node.snapshot;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.DigestCache;

/**
 * Plaintext MAC to block CID, for dedup before compression and encryption: a chunk whose keyed MAC
 * is known is not encoded again (encryption is deterministic, so it would give the same block).
 * Filled by this run's chunks and by the previous chunks of files that changed (from the file
 * cache). Bounded and lossy ({@link DigestCache}: 64 bytes per entry in two fixed arrays, the older
 * of two colliding entries replaced): a forgotten MAC costs only re-encoding its chunk (the store's
 * {@code has} check still avoids writing a block twice), never correctness.
 */
public final class MacIndex {
    /** Entries of the engine's index: 4 MiB of heap; holds the chunk MACs of a 32 GiB changed file, or of every chunk in flight many times over. */
    public static final int DEFAULT_CAPACITY = 1 << 16;

    private final DigestCache table;

    public MacIndex(int capacity) {
        this.table = new DigestCache(capacity, DigestCache.KEY_BYTES);
    }

    /** The CID of the block whose plaintext MAC is {@code mac}, or null when not known. */
    public Cid get(byte[] mac) {
        byte[] digest = new byte[DigestCache.KEY_BYTES];
        return table.get(mac, 0, digest) ? Cid.ofRawDigest(digest, 0) : null;
    }

    public void put(byte[] mac, Cid cid) {
        byte[] digest = new byte[DigestCache.KEY_BYTES];
        if (cid.rawDigestInto(digest, 0)) table.put(mac, 0, digest, 0);
    }

    /** Forgets a MAC whose block turned out to be missing from the store. */
    public void remove(byte[] mac) {
        table.remove(mac, 0);
    }

    public int size() {
        return table.size();
    }

    /** Heap taken by the index, fixed at construction. */
    public long heapBytes() {
        return table.heapBytes();
    }
}
