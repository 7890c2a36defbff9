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
    private static final byte[] LABEL_BYTES = LABEL.getBytes(StandardCharsets.US_ASCII);
    /** Chunks whose (length, MAC) records are kept here and hashed at {@link #finish}. */
    private static final int BUFFERED_CHUNKS = 64;

    /**
     * The records of the first chunks. Most files have one chunk: they are hashed at the end with
     * the thread's reused SHA-256 ({@code BulkCrypto.threadSha256}) instead of a digest made per
     * file ({@code MessageDigest.getInstance} looks the provider up on every call: ~2% of the CPU
     * of a first snapshot of 300,000 small files). A file of more chunks gets its own digest once
     * the buffer is full, so memory stays bounded.
     */
    private byte[] records = new byte[36];
    private int buffered;
    private MessageDigest sha;
    private long size;

    public FileDigest() {
    }

    /** Adds the next chunk. */
    public FileDigest add(byte[] plaintextMac, int length) {
        if (plaintextMac.length != 32) throw new IllegalArgumentException("plaintext MAC must be 32 bytes");
        if (length < 0) throw new IllegalArgumentException("negative length");
        if (buffered == BUFFERED_CHUNKS) {
            sha = newDigest();
            sha.update(LABEL_BYTES);
            sha.update(records, 0, buffered * 36);
            buffered = -1;
        }
        if (sha != null) {
            sha.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
            sha.update(plaintextMac);
        } else {
            int at = buffered * 36;
            if (at == records.length) records = java.util.Arrays.copyOf(records, Math.min(BUFFERED_CHUNKS * 36, 2 * records.length));
            records[at] = (byte) (length >>> 24);
            records[at + 1] = (byte) (length >>> 16);
            records[at + 2] = (byte) (length >>> 8);
            records[at + 3] = (byte) length;
            System.arraycopy(plaintextMac, 0, records, at + 4, 32);
            buffered++;
        }
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
        if (sha != null) {
            sha.update(s);
            return sha.digest();
        }
        MessageDigest d;
        try {
            d = BulkCrypto.threadSha256();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
        d.update(LABEL_BYTES);
        d.update(records, 0, buffered * 36);
        d.update(s);
        return d.digest();
    }

    private static MessageDigest newDigest() {
        try {
            return BulkCrypto.sha256();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
