package io.phoenix.node.snapshot;

import io.phoenix.protocol.chunk.Chunker;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * The buffers chunks travel in from the chunker to the block saver: at most {@code count} arrays
 * of {@link Chunker#MAX_SIZE} bytes, made when first needed and reused for the rest of the run.
 * {@link #take} waits while all of them are in flight, which is what bounds the bytes between
 * reading and storing. Why reuse: a snapshot cuts its whole input into chunks, and a fresh array per
 * chunk made the heap grow to ~1.7 GiB on the 2 GiB benchmark tree, with the first touch of every
 * new page (page faults, zeroing) and the copying of live chunks by the young collector costing
 * ~2.7 CPU-seconds of ~31 (async-profiler, docs/snapshot.md).
 */
final class ChunkBuffers {
    private final Semaphore available;
    private final ConcurrentLinkedQueue<byte[]> idle = new ConcurrentLinkedQueue<>();

    ChunkBuffers(int count) {
        if (count < 1) throw new IllegalArgumentException("at least one chunk buffer");
        this.available = new Semaphore(count);
    }

    /** A buffer of {@link Chunker#MAX_SIZE} bytes, waiting while every buffer is in flight. */
    byte[] take() {
        available.acquireUninterruptibly();
        byte[] b = idle.poll();
        return b != null ? b : new byte[Chunker.MAX_SIZE];
    }

    /** Gives back a buffer {@link #take} handed out (its content is no longer needed). */
    void give(byte[] b) {
        idle.offer(b);
        available.release();
    }
}
