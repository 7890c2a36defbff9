package io.phoenix.node.store.file;

/**
 * Tuning of a {@link FileBlockStore}.
 *
 * @param durability when fsync happens (see {@link Durability})
 * @param maxPendingBlocks in {@link Durability#BATCHED} mode, a put that leaves this many blocks
 *     pending flushes them (bounds the work a crash can lose and the in-heap pending map)
 * @param maxBlockBytes largest block accepted by put and read by get; a larger file is reported
 *     corrupt without being read into memory
 * @param quarantine move a block file that fails verification to {@code quarantine/} so that it
 *     reads as absent and the next put (or a fetch from a peer) repairs it
 * @param syncThreads in {@link Durability#BATCHED} mode, how many fsyncs a flush runs at once
 */
public record FileStoreOptions(Durability durability, int maxPendingBlocks, int maxBlockBytes, boolean quarantine, int syncThreads) {
    /** Batched fsync, 2048 pending blocks, 4 MiB blocks at most, quarantine on, 32 fsyncs at once. */
    public static final FileStoreOptions DEFAULTS = new FileStoreOptions(Durability.BATCHED, 2048, 4 << 20, true, 32);

    public FileStoreOptions {
        if (durability == null) throw new IllegalArgumentException("durability is required");
        if (maxPendingBlocks < 1) throw new IllegalArgumentException("maxPendingBlocks must be at least 1");
        if (maxBlockBytes < 1) throw new IllegalArgumentException("maxBlockBytes must be at least 1");
        if (syncThreads < 1 || syncThreads > 256) throw new IllegalArgumentException("syncThreads must be 1..256");
    }

    public FileStoreOptions withDurability(Durability d) {
        return new FileStoreOptions(d, maxPendingBlocks, maxBlockBytes, quarantine, syncThreads);
    }

    public FileStoreOptions withQuarantine(boolean q) {
        return new FileStoreOptions(durability, maxPendingBlocks, maxBlockBytes, q, syncThreads);
    }

    public FileStoreOptions withMaxPendingBlocks(int n) {
        return new FileStoreOptions(durability, n, maxBlockBytes, quarantine, syncThreads);
    }

    public FileStoreOptions withSyncThreads(int n) {
        return new FileStoreOptions(durability, maxPendingBlocks, maxBlockBytes, quarantine, n);
    }
}
