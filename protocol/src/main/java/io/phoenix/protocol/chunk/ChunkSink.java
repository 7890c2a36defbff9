package io.phoenix.protocol.chunk;

import java.io.IOException;

/** Receives chunks from a {@link Chunker}. The buffer is reused after the call returns: copy or consume it. */
@FunctionalInterface
public interface ChunkSink {
    void accept(byte[] buf, int off, int len, long fileOffset) throws IOException;
}
