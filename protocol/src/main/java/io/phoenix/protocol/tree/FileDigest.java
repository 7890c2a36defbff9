package io.phoenix.protocol.tree;

import java.nio.charset.StandardCharsets;
import io.phoenix.protocol.crypto.BulkCrypto;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The whole-file digest, computed from the chunks' plaintext MACs without a second pass over the
 * data: {@code SHA-256("phoenix/v1/file-digest" ‖ for each chunk (u32be length ‖ 32-byte MAC) ‖ u64be size)}.
 * A restore feeds the MAC that {@code BlockCodec.open} recomputes from each decrypted chunk, in
 * order, and compares the result with the tree's digest.
 */
public final class FileDigest {
    public static final int LENGTH = 32;
    public static final String LABEL = "phoenix/v1/file-digest";

    private final MessageDigest sha;
    private long size;

    public FileDigest() {
        try {
            sha = BulkCrypto.sha256();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
        sha.update(LABEL.getBytes(StandardCharsets.US_ASCII));
    }

    /** Adds the next chunk. */
    public FileDigest add(byte[] plaintextMac, int length) {
        if (plaintextMac.length != 32) throw new IllegalArgumentException("plaintext MAC must be 32 bytes");
        if (length < 0) throw new IllegalArgumentException("negative length");
        sha.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        sha.update(plaintextMac);
        size += length;
        return this;
    }

    /** Total length added so far. */
    public long size() {
        return size;
    }

    /** The digest; the instance must not be used afterwards. */
    public byte[] finish() {
        byte[] s = new byte[8];
        for (int i = 0; i < 8; i++) s[i] = (byte) (size >>> (56 - 8 * i));
        sha.update(s);
        return sha.digest();
    }
}
