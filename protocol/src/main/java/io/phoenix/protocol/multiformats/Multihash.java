package io.phoenix.protocol.multiformats;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.crypto.BulkCrypto;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A multihash: {@code varint(code) ‖ varint(length) ‖ digest}. */
public record Multihash(int code, byte[] digest) {
    public static final int IDENTITY = 0x00;
    public static final int SHA2_256 = 0x12;
    /** Longest digest accepted when decoding (identity hashes of libp2p keys are the largest here). */
    public static final int MAX_DIGEST = 4096;

    public Multihash {
        if (code == SHA2_256 && digest.length != 32) throw new FormatException("sha2-256 digest must be 32 bytes");
        if (digest.length > MAX_DIGEST) throw new FormatException("digest too long: " + digest.length);
        digest = digest.clone();
    }

    public static Multihash sha256(byte[] data) {
        return new Multihash(SHA2_256, sha256Digest(data, 0, data.length));
    }

    public static Multihash identity(byte[] data) {
        return new Multihash(IDENTITY, data);
    }

    public static byte[] sha256Digest(byte[] data, int off, int len) {
        try {
            MessageDigest md = BulkCrypto.threadSha256();
            md.update(data, off, len);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    public byte[] toBytes() {
        byte[] out = new byte[Varint.size(code) + Varint.size(digest.length) + digest.length];
        int n = Varint.write(code, out, 0);
        n += Varint.write(digest.length, out, n);
        System.arraycopy(digest, 0, out, n, digest.length);
        return out;
    }

    /** Reads one multihash from the buffer, advancing it. */
    public static Multihash read(ByteBuffer buf) {
        long code = Varint.read(buf);
        long len = Varint.read(buf);
        if (code > Integer.MAX_VALUE) throw new FormatException("multihash code out of range: " + code);
        if (len > MAX_DIGEST) throw new FormatException("multihash digest too long: " + len);
        if (buf.remaining() < len) throw new FormatException("truncated multihash digest");
        byte[] d = new byte[(int) len];
        buf.get(d);
        return new Multihash((int) code, d);
    }

    public static Multihash fromBytes(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        Multihash mh = read(buf);
        if (buf.hasRemaining()) throw new FormatException("trailing bytes after multihash");
        return mh;
    }

    /** True when {@code data} hashes to this multihash. */
    public boolean matches(byte[] data, int off, int len) {
        return switch (code) {
            case SHA2_256 -> MessageDigest.isEqual(digest, sha256Digest(data, off, len));
            case IDENTITY -> Arrays.equals(digest, 0, digest.length, data, off, off + len);
            default -> throw new FormatException("unsupported multihash code 0x" + Integer.toHexString(code));
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multihash m && m.code == code && Arrays.equals(m.digest, digest);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "Multihash[0x" + Integer.toHexString(code) + ":" + HexFormat.of().formatHex(digest) + "]";
    }
}
