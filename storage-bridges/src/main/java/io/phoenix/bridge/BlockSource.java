package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;

/** Somewhere verified blocks can be read from: a {@code BlockStore}, a bridge, a CAR file. */
@FunctionalInterface
public interface BlockSource {
    /** The block's bytes, verified against {@code cid}. */
    byte[] get(Cid cid) throws IOException;
}
