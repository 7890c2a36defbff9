package io.phoenix.protocol.block;

/**
 * A decoded, authenticated block (arrays handed over without copying).
 *
 * @param kind         key class the block was encrypted under
 * @param plaintext    the chunk (or tree block) bytes
 * @param plaintextMac the full HMAC-SHA-256 of the plaintext, recomputed (its first 12 bytes
 *                     matched the block's synthetic nonce)
 */
public record DecodedBlock(BlockKind kind, byte[] plaintext, byte[] plaintextMac) {}
