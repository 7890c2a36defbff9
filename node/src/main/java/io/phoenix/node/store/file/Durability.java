package io.phoenix.node.store.file;

/** When {@link FileBlockStore} pays for fsync. */
public enum Durability {
    /**
     * Every put writes a temp file, fsyncs it, renames it into its shard and fsyncs the shard
     * directory before returning: a returned put is durable.
     */
    PER_PUT,
    /**
     * A put writes the temp file only; {@code flush()} (called by the snapshot engine before it
     * publishes a manifest, and automatically after a bounded number of pending blocks) fsyncs the
     * pending temp files, renames them into their shards and fsyncs each touched directory once. A
     * block file appears under {@code blocks/} only after its bytes are durable.
     */
    BATCHED
}
