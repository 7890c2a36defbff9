package io.phoenix.protocol.block;

/**
 * What {@link BlockCodec#openVerifiedInto} decoded into the caller's buffer.
 *
 * @param kind         key class the block was encrypted under
 * @param length       plaintext length (the plaintext is {@code plainOut[0, length)})
 * @param plaintextMac the full HMAC-SHA-256 of the plaintext, recomputed (its first 12 bytes
 *                     matched the block's synthetic nonce)
 */
public record OpenedBlock(BlockKind kind, int length, byte[] plaintextMac) {}
