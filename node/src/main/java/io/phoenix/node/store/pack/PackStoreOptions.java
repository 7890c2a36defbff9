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
 */
public record PackStoreOptions(int maxPendingBlocks, int maxBlockBytes, long maxPackBytes, boolean markCorruptAbsent) {
    /** 2048 pending blocks, 4 MiB blocks at most, 64 MiB packs, corrupt blocks marked absent. */
    public static final PackStoreOptions DEFAULTS = new PackStoreOptions(2048, 4 << 20, 64L << 20, true);

    public PackStoreOptions {
        if (maxPendingBlocks < 1) throw new IllegalArgumentException("maxPendingBlocks must be at least 1");
        if (maxBlockBytes < 1) throw new IllegalArgumentException("maxBlockBytes must be at least 1");
        if (maxPackBytes < PackFiles.HEADER + 1) throw new IllegalArgumentException("maxPackBytes is too small");
    }

    public PackStoreOptions withMaxPendingBlocks(int n) {
        return new PackStoreOptions(n, maxBlockBytes, maxPackBytes, markCorruptAbsent);
    }

    public PackStoreOptions withMaxPackBytes(long n) {
        return new PackStoreOptions(maxPendingBlocks, maxBlockBytes, n, markCorruptAbsent);
    }

    public PackStoreOptions withMarkCorruptAbsent(boolean b) {
        return new PackStoreOptions(maxPendingBlocks, maxBlockBytes, maxPackBytes, b);
    }
}
