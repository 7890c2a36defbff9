package io.phoenix.protocol.tree;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;

/** Where tree writers put tree-block plaintexts: encode (tree key), store, and return the block's CID. */
@FunctionalInterface
public interface TreeBlockSink {
    Cid put(byte[] plaintext) throws IOException;
}
