package io.phoenix.protocol.tree;

import io.phoenix.protocol.multiformats.Cid;
import java.util.Objects;

/** One chunk of a file: the data block's CID and the chunk's plaintext length. */
public record ChunkRef(Cid cid, int length) {
    public ChunkRef {
        Objects.requireNonNull(cid, "cid");
        if (length < 0) throw new IllegalArgumentException("negative chunk length");
    }
}
