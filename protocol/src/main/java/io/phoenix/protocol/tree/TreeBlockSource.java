package io.phoenix.protocol.tree;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;

/** Where tree readers get tree-block plaintexts: fetch, verify and decode the block named by {@code cid}. */
@FunctionalInterface
public interface TreeBlockSource {
    byte[] get(Cid cid) throws IOException;
}
