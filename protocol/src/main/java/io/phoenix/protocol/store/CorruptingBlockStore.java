package io.phoenix.protocol.store;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection by decoration: a store whose reads go wrong on purpose. This is production code,
 * not a test helper: the daemon wraps its store in one when {@code daemon.toml} sets
 * {@code testing_serve_corrupt_blocks} (the testnet {@code bad-peer} scenario runs real node
 * processes, one of which serves bad blocks), and tests use the same class for a peer that lies or
 * a disk that fails part-way. Nothing builds one by default.
 *
 * <p>Which reads go wrong: reads of the blocks {@link Blocks} selects, once the first
 * {@code goodReads} of those reads have gone through untouched. How they go wrong ({@link Fault}):
 * {@link Fault#FLIP_BIT} returns the bytes with one bit flipped, which is what a peer serving
 * corrupted data sends (only a reader that verifies notices); {@link Fault#REPORT_CORRUPT} throws
 * {@link CorruptBlockException}, which is what a verifying store reports when its copy has rotted.
 * Writes, {@code has}, {@code size} and everything else pass through unchanged.
 */
public final class CorruptingBlockStore extends DelegatingBlockStore {
    /** The blocks whose reads go wrong. */
    public enum Blocks {
        /** Every block. */
        ALL,
        /** Raw (data) blocks only; DAG-CBOR blocks (manifests, index pages) are served intact. */
        RAW
    }

    /** What a read that goes wrong does. */
    public enum Fault {
        /** Returns the block with one bit flipped (a block of no bytes is returned as it is). */
        FLIP_BIT,
        /** Throws {@link CorruptBlockException} naming the block. */
        REPORT_CORRUPT
    }

    private final Blocks blocks;
    private final long goodReads;
    private final Fault fault;
    private final AtomicLong reads = new AtomicLong();

    /** Reads of {@code blocks} go wrong as {@code fault} after the first {@code goodReads} of them. */
    public CorruptingBlockStore(BlockStore inner, Blocks blocks, long goodReads, Fault fault) {
        super(inner);
        if (goodReads < 0) throw new IllegalArgumentException("goodReads must not be negative");
        this.blocks = blocks;
        this.goodReads = goodReads;
        this.fault = fault;
    }

    /** Every raw block read comes back with one bit flipped: a peer that serves corrupted data. */
    public static CorruptingBlockStore flippingRawBlocks(BlockStore inner) {
        return new CorruptingBlockStore(inner, Blocks.RAW, 0, Fault.FLIP_BIT);
    }

    /** Every read comes back with one bit flipped. */
    public static CorruptingBlockStore flippingEveryBlock(BlockStore inner) {
        return new CorruptingBlockStore(inner, Blocks.ALL, 0, Fault.FLIP_BIT);
    }

    /** The first {@code goodReads} reads succeed, every later one reports its block corrupt: a disk failing part-way. */
    public static CorruptingBlockStore corruptAfter(BlockStore inner, long goodReads) {
        return new CorruptingBlockStore(inner, Blocks.ALL, goodReads, Fault.REPORT_CORRUPT);
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        if (blocks == Blocks.RAW && cid.codec() != Cid.RAW || reads.incrementAndGet() <= goodReads) return inner.get(cid);
        if (fault == Fault.REPORT_CORRUPT) throw new CorruptBlockException(cid, "injected fault: the stored copy reads as corrupt");
        byte[] b = inner.get(cid);
        if (b.length > 0) b[b.length / 2] ^= 0x01;
        return b;
    }
}
