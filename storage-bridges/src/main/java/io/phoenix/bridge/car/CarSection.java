package io.phoenix.bridge.car;

import io.phoenix.protocol.multiformats.Cid;

/**
 * One block section of a CAR file, verified: {@code data} hashes to {@code cid}. {@code offset} is
 * where the section (its length varint) starts in the file and {@code end} where it ends.
 */
public record CarSection(Cid cid, byte[] data, long offset, long dataOffset, long end) {}
