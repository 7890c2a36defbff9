package io.phoenix.protocol.tree;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.BlockKind;
import io.phoenix.protocol.block.DataKeys;
import io.phoenix.protocol.block.EncodedBlock;
import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tree blocks encoded with a real codec and kept in a map; records the largest block written. */
final class MemoryTreeBlocks implements TreeBlockSink, TreeBlockSource {
    final BlockCodec codec = new BlockCodec(DataKeys.derive(new byte[32]));
    final Map<Cid, byte[]> blocks = new LinkedHashMap<>();
    int largest;

    @Override
    public Cid put(byte[] plaintext) {
        EncodedBlock b = codec.encode(BlockKind.TREE, plaintext, 0, plaintext.length);
        blocks.put(b.cid(), b.bytes());
        largest = Math.max(largest, b.bytes().length);
        return b.cid();
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        byte[] b = blocks.get(cid);
        if (b == null) throw new IOException("missing " + cid);
        return codec.decode(cid, b);
    }
}
