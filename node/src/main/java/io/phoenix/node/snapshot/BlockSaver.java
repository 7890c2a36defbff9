package io.phoenix.node.snapshot;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.BlockKind;
import io.phoenix.protocol.block.EncodedBlock;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.tree.TreeBlockSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.phoenix.protocol.store.DigestCache;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Pipeline stage 4: turns chunks into stored blocks. For each chunk: the plaintext MAC first; a
 * known MAC whose block is in the store is reused without compressing or encrypting; otherwise
 * the chunk is encoded ({@link BlockCodec}: zstd or stored, AES-256-GCM with a synthetic nonce)
 * and put unless the store already has that CID (a block written by an interrupted run is reused
 * here). Also the {@link TreeBlockSink} of the tree saver. Every CID it hands out is recorded in
 * the snapshot's block set (the manifest index, {@link ReferencedBlocks}: sorted runs on disk beyond
 * a fixed buffer). Blocks known to be stored are remembered in a bounded, lossy {@link DigestCache}
 * (2 MiB), so a block referenced again soon is not looked up in the store again; one forgotten is
 * looked up ({@code has}: a memory-mapped index lookup). Blocks are not durable until {@link BlockStore#flush}.
 */
public final class BlockSaver implements TreeBlockSink {
    private final Supplier<BlockCodec> codec;
    private final BlockStore store;
    private final Executor pool;
    private final MacIndex macs;
    private final SnapshotStats stats;
    /** Entries of the set of blocks known present: 2 MiB of heap. */
    static final int PRESENT_CAPACITY = 1 << 16;
    private final ReferencedBlocks referenced;
    private final DigestCache present = new DigestCache(PRESENT_CAPACITY, 0);
    /**
     * Each thread encodes into one reused array (the store copies the block out before put returns),
     * grown to the largest block it has encoded: a reader that encodes the one chunk of small files
     * itself keeps a small one.
     */
    private final ThreadLocal<byte[]> blockBuffers = ThreadLocal.withInitial(() -> new byte[64 << 10]);

    public BlockSaver(BlockCodec codec, BlockStore store, Executor pool, MacIndex macs, ReferencedBlocks referenced, SnapshotStats stats) {
        this(() -> codec, store, pool, macs, referenced, stats);
    }

    /** As above, with the codec asked for at the first chunk (its keys may still be being unlocked). */
    public BlockSaver(Supplier<BlockCodec> codec, BlockStore store, Executor pool, MacIndex macs, ReferencedBlocks referenced,
                      SnapshotStats stats) {
        this.codec = codec;
        this.referenced = referenced;
        this.store = store;
        this.pool = pool;
        this.macs = macs;
        this.stats = stats;
    }

    /** Saves a data chunk on the worker pool. The array is owned by the saver from now on. */
    public CompletableFuture<SavedChunk> save(byte[] chunk) {
        return save(chunk, chunk.length);
    }

    /**
     * Saves the data chunk {@code chunk[0, length)} on the worker pool. The saver reads the array
     * until the future completes and keeps no reference to it afterwards, so the caller may reuse it then.
     */
    public CompletableFuture<SavedChunk> save(byte[] chunk, int length) {
        return save(chunk, length, null);
    }

    /** As above, with the chunk's plaintext MAC when the caller computed it with {@link #mac} (null: computed here). */
    public CompletableFuture<SavedChunk> save(byte[] chunk, int length, byte[] knownMac) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return saveNow(chunk, length, knownMac);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, pool);
    }

    /** The plaintext MAC of a data chunk (waits for the keys while they are being unlocked). */
    public byte[] mac(byte[] buf, int off, int len) {
        return codec.get().plaintextMac(buf, off, len);
    }

    /**
     * Saves the data chunk {@code chunk[0, length)} on the calling thread (the reader of a file of
     * one chunk: no hand-off to the worker pool and back for each small file).
     */
    SavedChunk saveNow(byte[] chunk, int length, byte[] knownMac) throws IOException {
        BlockCodec c = codec.get();
        byte[] mac = knownMac != null ? knownMac : c.plaintextMac(chunk, 0, length);
        Cid known = macs.get(mac);
        if (known != null) {
            if (isPresent(known)) {
                stats.dedupedChunks.incrementAndGet();
                referenced.add(known);
                return new SavedChunk(known, length, mac);
            }
            macs.remove(mac);
        }
        byte[] out = blockBuffers.get();
        if (out.length < BlockCodec.OVERHEAD + length) {
            out = new byte[BlockCodec.MAX_BLOCK_SIZE];
            blockBuffers.set(out);
        }
        int n = c.encodeInto(BlockKind.DATA, chunk, 0, length, mac, out, 0);
        Cid cid = Cid.ofRaw(out, 0, n);
        putIfAbsent(cid, out, n);
        macs.put(mac, cid);
        return new SavedChunk(cid, length, mac);
    }

    /** Tree blocks (directory listings, chunk lists): encoded under the tree key and stored. */
    @Override
    public Cid put(byte[] plaintext) throws IOException {
        EncodedBlock b = codec.get().encode(BlockKind.TREE, plaintext, 0, plaintext.length);
        putIfAbsent(b.cid(), b.bytes(), b.bytes().length);
        return b.cid();
    }

    /** Records a chunk reused from the file cache; false when its block is gone from the store. */
    public boolean reuse(Cid cid) throws IOException {
        if (!isPresent(cid)) return false;
        referenced.add(cid);
        return true;
    }

    /** Stores the block {@code bytes[0, length)} named {@code cid} unless it is there already. */
    private void putIfAbsent(Cid cid, byte[] bytes, int length) throws IOException {
        referenced.add(cid);
        byte[] key = new byte[DigestCache.KEY_BYTES];
        if (cid.rawDigestInto(key, 0) && present.contains(key, 0)) return;
        // named by hashing exactly these bytes; one store lookup, not a has() and then the put's own
        if (store.putHashedIfAbsent(cid, bytes, 0, length)) {
            // two workers may both get here for one block: the put is idempotent, the first to add counts it
            if (present.add(key, 0)) {
                stats.newBlocks.incrementAndGet();
                stats.newBytes.addAndGet(length);
            }
        } else {
            present.add(key, 0);
        }
    }

    private boolean isPresent(Cid cid) throws IOException {
        byte[] key = new byte[DigestCache.KEY_BYTES];
        boolean raw = cid.rawDigestInto(key, 0);
        if (raw && present.contains(key, 0)) return true;
        if (store.has(cid)) {
            if (raw) present.add(key, 0);
            return true;
        }
        return false;
    }
}
