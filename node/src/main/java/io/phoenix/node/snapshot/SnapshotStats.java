package io.phoenix.node.snapshot;

import java.util.concurrent.atomic.AtomicLong;

/** Live counters of a running snapshot (read by progress display) and its final figures. */
public final class SnapshotStats {
    /** Regular files in the snapshot. */
    public final AtomicLong files = new AtomicLong();
    public final AtomicLong directories = new AtomicLong();
    public final AtomicLong symlinks = new AtomicLong();
    /** Total size of the files in the snapshot. */
    public final AtomicLong bytes = new AtomicLong();
    /** Files whose content was read (file cache misses) and the bytes read from them. */
    public final AtomicLong filesRead = new AtomicLong();
    public final AtomicLong bytesRead = new AtomicLong();
    /** Files re-read because they changed while being read. */
    public final AtomicLong rereads = new AtomicLong();
    /** Blocks added to the store by this run, and their stored size. */
    public final AtomicLong newBlocks = new AtomicLong();
    public final AtomicLong newBytes = new AtomicLong();
    /** Chunks whose plaintext MAC was already known (no compression or encryption needed). */
    public final AtomicLong dedupedChunks = new AtomicLong();
    /** Chunks of changed files cut where the previous run cut them, proven by their MAC ({@link PreviousChunks}). */
    public final AtomicLong boundariesReused = new AtomicLong();
}
