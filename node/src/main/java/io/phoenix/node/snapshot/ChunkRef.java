package io.phoenix.node.snapshot;

import io.phoenix.protocol.multiformats.Cid;

/** One chunk of a stored file: the block that holds it and its plaintext length. */
public record ChunkRef(Cid cid, int length) {}
