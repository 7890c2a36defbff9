package io.phoenix.protocol.tree;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.BlockKind;
import io.phoenix.protocol.block.DecodedBlock;
import io.phoenix.protocol.block.EncodedBlock;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;

/** Tree blocks encrypted under the tree key with a {@link BlockCodec} and kept in a {@link BlockStore}. */
public final class EncryptedTreeBlocks implements TreeBlockSink, TreeBlockSource {
    private final BlockCodec codec;
    private final BlockStore store;

    public EncryptedTreeBlocks(BlockCodec codec, BlockStore store) {
        this.codec = codec;
        this.store = store;
    }

    @Override
    public Cid put(byte[] plaintext) throws IOException {
        EncodedBlock b = codec.encode(BlockKind.TREE, plaintext, 0, plaintext.length);
        store.put(b.cid(), b.bytes());
        return b.cid();
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        DecodedBlock d = codec.openVerified(store.get(cid));
        if (d.kind() != BlockKind.TREE) throw new TreeFormatException("block " + cid + " is a data block, not a tree block");
        return d.plaintext();
    }
}
