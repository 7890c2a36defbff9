package io.phoenix.node.store.pack;

/**
 * Tuning of a {@link PackBlockStore}.
 *
 * @param maxPendingBlocks a put that leaves this many blocks unflushed flushes them (bounds the work
 *     a crash can lose and the in-heap table of unflushed blocks)
 * @param maxBlockBytes largest block accepted by put
 * @param maxPackBytes a pack is closed for appends once the next entry would take it past this size
 * @param markCorruptAbsent when a read finds bytes that do not hash to the CID, record the block as
 *     absent so that the next put (or a fetch from a peer) repairs it; the bad bytes stay in the pack
 * @param maxPendingBytes a put that leaves this many bytes of blocks unflushed flushes them too: the
 *     fdatasync of a flush then writes at most about this much, so the disk works while the engine
 *     computes instead of all at once (2048 blocks of 0.5 MiB were 1 GiB in one fdatasync, and every
 *     writer stalled for its ~1.5 s)
 */
public record PackStoreOptions(int maxPendingBlocks, int maxBlockBytes, long maxPackBytes, boolean markCorruptAbsent,
                               long maxPendingBytes) {
    /**
     * 16,384 pending blocks or 128 MiB, 4 MiB blocks at most, 64 MiB packs, corrupt blocks marked
     * absent. Why 16,384 blocks (the table is ~100 bytes of heap per block, ~1.6 MiB): with 2,048, a
     * first snapshot of 300,000 small files flushed 150 times (an fdatasync and an index run each)
     * and spent a noticeable share of its CPU merging the many small runs.
     */
    public static final PackStoreOptions DEFAULTS = new PackStoreOptions(16_384, 4 << 20, 64L << 20, true, 128L << 20);

    public PackStoreOptions {
        if (maxPendingBlocks < 1) throw new IllegalArgumentException("maxPendingBlocks must be at least 1");
        if (maxBlockBytes < 1) throw new IllegalArgumentException("maxBlockBytes must be at least 1");
        if (maxPackBytes < PackFiles.HEADER + 1) throw new IllegalArgumentException("maxPackBytes is too small");
        if (maxPendingBytes < 1) throw new IllegalArgumentException("maxPendingBytes must be at least 1");
    }

    public PackStoreOptions withMaxPendingBlocks(int n) {
        return new PackStoreOptions(n, maxBlockBytes, maxPackBytes, markCorruptAbsent, maxPendingBytes);
    }

    public PackStoreOptions withMaxPackBytes(long n) {
        return new PackStoreOptions(maxPendingBlocks, maxBlockBytes, n, markCorruptAbsent, maxPendingBytes);
    }

    public PackStoreOptions withMarkCorruptAbsent(boolean b) {
        return new PackStoreOptions(maxPendingBlocks, maxBlockBytes, maxPackBytes, b, maxPendingBytes);
    }

    public PackStoreOptions withMaxPendingBytes(long n) {
        return new PackStoreOptions(maxPendingBlocks, maxBlockBytes, maxPackBytes, markCorruptAbsent, n);
    }
}
