package io.phoenix.protocol.manifest;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;

/** Stores an encoded index page (a dag-cbor block) under its CID. */
@FunctionalInterface
public interface IndexPageSink {
    void put(Cid cid, byte[] bytes) throws IOException;
}
