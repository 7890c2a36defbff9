package io.phoenix.protocol.block;

import io.phoenix.protocol.multiformats.Cid;

/**
 * One encoded block. The arrays are handed over without copying (no copies between pipeline
 * stages): do not modify them.
 *
 * @param cid          {@code CIDv1(raw, sha2-256(bytes))}
 * @param bytes        the block as stored and sent (at most {@link BlockCodec#MAX_BLOCK_SIZE})
 * @param plaintextMac the full 32-byte HMAC-SHA-256 of the plaintext (its keyed identity)
 * @param plainLength  plaintext length
 */
public record EncodedBlock(Cid cid, byte[] bytes, byte[] plaintextMac, int plainLength) {
    /** True when the block holds zstd-compressed plaintext. */
    public boolean compressed() {
        return (bytes[1] & BlockCodec.FLAG_ZSTD) != 0;
    }
}
