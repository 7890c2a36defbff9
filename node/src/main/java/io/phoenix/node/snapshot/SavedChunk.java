package io.phoenix.node.snapshot;

import io.phoenix.protocol.multiformats.Cid;

/** A chunk stored (or found already stored): its block's CID, plaintext length and plaintext MAC. */
public record SavedChunk(Cid cid, int length, byte[] mac) {}
