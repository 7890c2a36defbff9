package io.phoenix.node.restore;

/**
 * A data chunk {@link ChunkFetcher} fetched and checked: its plaintext is {@code buf[0, length)},
 * in a buffer of the fetching thread that the thread's next fetch overwrites, so use it at once.
 *
 * @param buf          the fetching thread's plaintext buffer
 * @param length       plaintext length (the one the tree records)
 * @param plaintextMac the recomputed HMAC-SHA-256 of the plaintext, for the file digest
 */
public record FetchedChunk(byte[] buf, int length, byte[] plaintextMac) {}
