package io.phoenix.protocol.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;

/** The 256-bit repository secret every data key derives from ({@code DataKeys.derive(secret.bytes())}). {@link #toString()} never shows it. */
public final class RepositorySecret {
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private RepositorySecret(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) throw new IllegalArgumentException("repository secret must be 32 bytes");
        this.bytes = bytes.clone();
    }

    public static RepositorySecret generate(SecureRandom random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new RepositorySecret(b);
    }

    public static RepositorySecret of(byte[] bytes) {
        return new RepositorySecret(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RepositorySecret r && MessageDigest.isEqual(r.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return bytes[0] | bytes[1] << 8;
    }

    @Override
    public String toString() {
        return "RepositorySecret[redacted]";
    }
}
