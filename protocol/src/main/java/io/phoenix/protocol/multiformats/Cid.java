package io.phoenix.protocol.multiformats;

import io.phoenix.protocol.FormatException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A CIDv1: {@code 0x01 ‖ varint(codec) ‖ multihash}. Text form is multibase base32 lower case
 * ({@code b…}); base58btc ({@code z…}) and CIDv0 ({@code Qm…}) are accepted when parsing.
 *
 * <p>Phoenix blocks are addressed {@code CIDv1(raw, sha2-256(block bytes))}, exactly as IPFS
 * addresses a raw block, so one CID names a block in the swarm, on IPFS, in a CAR file and on
 * Filecoin.
 */
public final class Cid implements Comparable<Cid> {
    public static final int RAW = 0x55;
    public static final int DAG_PB = 0x70;
    public static final int DAG_CBOR = 0x71;
    public static final int LIBP2P_KEY = 0x72;

    private final int version;
    private final int codec;
    private final Multihash multihash;
    private final byte[] bytes;

    private Cid(int version, int codec, Multihash multihash) {
        this.version = version;
        this.codec = codec;
        this.multihash = multihash;
        if (version == 0) {
            this.bytes = multihash.toBytes();
        } else {
            byte[] mh = multihash.toBytes();
            byte[] out = new byte[1 + Varint.size(codec) + mh.length];
            out[0] = 1;
            int n = 1 + Varint.write(codec, out, 1);
            System.arraycopy(mh, 0, out, n, mh.length);
            this.bytes = out;
        }
    }

    public static Cid v1(int codec, Multihash multihash) {
        return new Cid(1, codec, multihash);
    }

    /** The address of a raw block: {@code CIDv1(raw, sha2-256(data))}. */
    public static Cid ofRaw(byte[] data) {
        return v1(RAW, Multihash.sha256(data));
    }

    public static Cid ofRaw(byte[] data, int off, int len) {
        return v1(RAW, new Multihash(Multihash.SHA2_256, Multihash.sha256Digest(data, off, len)));
    }

    /** CIDv1 of {@code data} under {@code codec} with a sha2-256 multihash. */
    public static Cid of(int codec, byte[] data) {
        return v1(codec, Multihash.sha256(data));
    }

    public int version() {
        return version;
    }

    public int codec() {
        return codec;
    }

    public Multihash multihash() {
        return multihash;
    }

    /** Binary form (the bytes IPLD links and CAR sections carry). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /**
     * Copies the digest of a raw-block SHA2-256 CIDv1 (the last 32 of its 36 bytes) into
     * {@code out[off, off + 32)} without allocating; false (nothing copied) for any other CID.
     */
    public boolean rawDigestInto(byte[] out, int off) {
        if (bytes.length != 36 || bytes[0] != 1 || bytes[1] != RAW || bytes[2] != Multihash.SHA2_256 || bytes[3] != 32) return false;
        System.arraycopy(bytes, 4, out, off, 32);
        return true;
    }

    /** The raw-block CIDv1 whose SHA2-256 digest is {@code digest[off, off + 32)}. */
    public static Cid ofRawDigest(byte[] digest, int off) {
        return v1(RAW, new Multihash(Multihash.SHA2_256, Arrays.copyOfRange(digest, off, off + 32)));
    }

    public int byteLength() {
        return bytes.length;
    }

    /** True when {@code data} is the content this CID names. */
    public boolean verifies(byte[] data) {
        return multihash.matches(data, 0, data.length);
    }

    public boolean verifies(byte[] data, int off, int len) {
        return multihash.matches(data, off, len);
    }

    /** Reads one binary CID from the buffer, advancing it. */
    public static Cid read(ByteBuffer buf) {
        if (!buf.hasRemaining()) throw new FormatException("empty CID");
        if (buf.remaining() >= 2 && buf.get(buf.position()) == 0x12 && buf.get(buf.position() + 1) == 0x20) {
            return new Cid(0, DAG_PB, Multihash.read(buf));
        }
        long version = Varint.read(buf);
        if (version != 1) throw new FormatException("unsupported CID version " + version);
        long codec = Varint.read(buf);
        if (codec > Integer.MAX_VALUE) throw new FormatException("CID codec out of range");
        return new Cid(1, (int) codec, Multihash.read(buf));
    }

    public static Cid fromBytes(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        Cid cid = read(buf);
        if (buf.hasRemaining()) throw new FormatException("trailing bytes after CID");
        return cid;
    }

    public static Cid parse(String text) {
        if (text == null || text.isEmpty()) throw new FormatException("empty CID text");
        if (text.length() == 46 && text.startsWith("Qm")) return fromBytes(Base58.decode(text));
        try {
            return fromBytes(Multibase.decode(text));
        } catch (FormatException e) {
            throw new FormatException("invalid CID '" + abbreviate(text) + "': " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    @Override
    public String toString() {
        return version == 0 ? Base58.encode(bytes) : Multibase.encodeBase32(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid c && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Cid o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
