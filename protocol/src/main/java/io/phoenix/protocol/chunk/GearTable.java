package io.phoenix.protocol.chunk;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 256-entry gear table of the chunker, generated deterministically:
 * {@code gear[i] = first 8 bytes (big-endian) of SHA-256("phoenix/v1/gear" ‖ byte(i))}.
 * Changing it changes every chunk boundary, so it is part of the format (docs/format.md).
 */
public final class GearTable {
    /** Seed string hashed with each byte value. */
    public static final String SEED = "phoenix/v1/gear";

    private static final long[] TABLE = generate();

    private GearTable() {}

    /** A fresh copy of the table. */
    public static long[] values() {
        return TABLE.clone();
    }

    static long[] shared() {
        return TABLE;
    }

    private static long[] generate() {
        long[] t = new long[256];
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] seed = SEED.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 256; i++) {
                sha.update(seed);
                sha.update((byte) i);
                t[i] = ByteBuffer.wrap(sha.digest()).getLong();
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
        return t;
    }
}
