package io.phoenix.node.restore;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.BlockFormatException;
import io.phoenix.protocol.block.BlockKind;
import io.phoenix.protocol.block.DecodedBlock;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.tree.ChunkRef;
import java.io.IOException;

/**
 * Restore stage 1: fetches one data chunk. The store verifies the block against its CID; the codec
 * authenticates and decrypts it and recomputes its plaintext MAC (checked against the synthetic
 * nonce); the length must be the one the tree recorded. Any failure is a {@link DamagedBlockException}.
 */
public final class ChunkFetcher {
    private final BlockStore store;
    private final BlockCodec codec;

    public ChunkFetcher(BlockStore store, BlockCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    public DecodedBlock fetch(ChunkRef ref) throws IOException {
        byte[] bytes;
        try {
            bytes = store.get(ref.cid());
        } catch (io.phoenix.protocol.store.BlockNotFoundException e) {
            throw new DamagedBlockException(ref.cid(), "block " + ref.cid() + " is missing from the store", e);
        } catch (io.phoenix.protocol.store.CorruptBlockException e) {
            throw new DamagedBlockException(ref.cid(), e.getMessage(), e);
        }
        DecodedBlock d;
        try {
            d = codec.openVerified(bytes); // the store verified the bytes against the CID
        } catch (BlockFormatException e) {
            throw new DamagedBlockException(ref.cid(), "block " + ref.cid() + ": " + e.getMessage(), e);
        }
        if (d.kind() != BlockKind.DATA) throw new DamagedBlockException(ref.cid(), "block " + ref.cid() + " is a tree block where a data chunk belongs", null);
        if (d.plaintext().length != ref.length()) {
            throw new DamagedBlockException(ref.cid(), "block " + ref.cid() + " holds " + d.plaintext().length + " bytes, the tree says " + ref.length(), null);
        }
        return d;
    }
}
