package io.phoenix.protocol.tree;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.multiformats.Cid;
import java.util.Objects;

/** One chunk of a file: the data block's CID and the chunk's plaintext length (1 .. {@link BlockCodec#MAX_PLAINTEXT}). */
public record ChunkRef(Cid cid, int length) {
    public ChunkRef {
        Objects.requireNonNull(cid, "cid");
        if (length <= 0 || length > BlockCodec.MAX_PLAINTEXT) throw new IllegalArgumentException("chunk length " + length + " outside 1.." + BlockCodec.MAX_PLAINTEXT);
    }
}
