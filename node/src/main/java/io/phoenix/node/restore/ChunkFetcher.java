package io.phoenix.node.restore;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.BlockFormatException;
import io.phoenix.protocol.block.BlockKind;
import io.phoenix.protocol.block.OpenedBlock;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.CorruptBlockException;
import io.phoenix.protocol.tree.ChunkRef;
import java.io.IOException;

/**
 * Restore stage 1: fetches one data chunk. The store verifies the block against its CID; the codec
 * authenticates and decrypts it and recomputes its plaintext MAC (checked against the synthetic
 * nonce); the length must be the one the tree recorded. Any failure is a {@link DamagedBlockException}.
 * Nothing is allocated per chunk: each thread reads blocks into one buffer and decodes them into
 * another, so the result is valid only until that thread's next fetch.
 */
public final class ChunkFetcher {
    private final BlockStore store;
    private final BlockCodec codec;
    private final ThreadLocal<byte[]> blocks = ThreadLocal.withInitial(() -> new byte[BlockCodec.MAX_BLOCK_SIZE]);
    private final ThreadLocal<byte[]> plaintexts = ThreadLocal.withInitial(() -> new byte[BlockCodec.MAX_PLAINTEXT]);

    public ChunkFetcher(BlockStore store, BlockCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    public FetchedChunk fetch(ChunkRef ref) throws IOException {
        byte[] block = blocks.get();
        int n;
        try {
            n = store.get(ref.cid(), block);
        } catch (BlockNotFoundException e) {
            throw new DamagedBlockException(ref.cid(), "block " + ref.cid() + " is missing from the store", e);
        } catch (CorruptBlockException e) {
            throw new DamagedBlockException(ref.cid(), e.getMessage(), e);
        }
        byte[] plain = plaintexts.get();
        OpenedBlock d;
        try {
            d = codec.openVerifiedInto(block, 0, n, plain); // the store verified the bytes against the CID
        } catch (BlockFormatException e) {
            throw new DamagedBlockException(ref.cid(), "block " + ref.cid() + ": " + e.getMessage(), e);
        }
        if (d.kind() != BlockKind.DATA) throw new DamagedBlockException(ref.cid(), "block " + ref.cid() + " is a tree block where a data chunk belongs", null);
        if (d.length() != ref.length()) {
            throw new DamagedBlockException(ref.cid(), "block " + ref.cid() + " holds " + d.length() + " bytes, the tree says " + ref.length(), null);
        }
        return new FetchedChunk(plain, d.length(), d.plaintextMac());
    }
}
