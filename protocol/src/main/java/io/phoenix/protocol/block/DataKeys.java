package io.phoenix.protocol.block;

import io.phoenix.protocol.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The three 256-bit data keys split from the repository secret by HKDF-SHA-256
 * (salt {@value #SALT}, info {@value #BLOCK_INFO} / {@value #NONCE_INFO} / {@value #TREE_INFO}).
 *
 * @param blockKey base key of data-block encryption (a per-block AES key is derived from it)
 * @param nonceKey HMAC key of the synthetic nonce and the plaintext MAC of data chunks
 * @param treeKey  base key of tree blocks (encryption and, derived, their nonce MAC)
 */
public record DataKeys(byte[] blockKey, byte[] nonceKey, byte[] treeKey) {
    public static final String SALT = "phoenix/v1/repository-secret";
    public static final String BLOCK_INFO = "phoenix/v1/block-key";
    public static final String NONCE_INFO = "phoenix/v1/nonce-key";
    public static final String TREE_INFO = "phoenix/v1/tree-key";

    public DataKeys {
        check(blockKey, "blockKey");
        check(nonceKey, "nonceKey");
        check(treeKey, "treeKey");
        blockKey = blockKey.clone();
        nonceKey = nonceKey.clone();
        treeKey = treeKey.clone();
    }

    /** Splits a 32-byte repository secret into the data keys. */
    public static DataKeys derive(byte[] repositorySecret) {
        if (repositorySecret == null || repositorySecret.length != 32) {
            throw new IllegalArgumentException("repository secret must be 32 bytes");
        }
        byte[] prk = Hkdf.extract(SALT.getBytes(StandardCharsets.US_ASCII), repositorySecret);
        return new DataKeys(
                Hkdf.expand(prk, BLOCK_INFO.getBytes(StandardCharsets.US_ASCII), 32),
                Hkdf.expand(prk, NONCE_INFO.getBytes(StandardCharsets.US_ASCII), 32),
                Hkdf.expand(prk, TREE_INFO.getBytes(StandardCharsets.US_ASCII), 32));
    }

    @Override
    public byte[] blockKey() {
        return blockKey.clone();
    }

    @Override
    public byte[] nonceKey() {
        return nonceKey.clone();
    }

    @Override
    public byte[] treeKey() {
        return treeKey.clone();
    }

    private static void check(byte[] k, String name) {
        if (k == null || k.length != 32) throw new IllegalArgumentException(name + " must be 32 bytes");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataKeys d && Arrays.equals(d.blockKey, blockKey)
                && Arrays.equals(d.nonceKey, nonceKey) && Arrays.equals(d.treeKey, treeKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blockKey);
    }

    @Override
    public String toString() {
        return "DataKeys[redacted]";
    }
}
