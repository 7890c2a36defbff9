package io.phoenix.protocol.spill;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.multiformats.Multihash;

/**
 * The 36-byte key under which the bridges file a block on disk: the bytes of
 * {@code CIDv1(raw, multihash)}, i.e. {@code 01 55 12 20 ‖ sha2-256 digest}. Keyed by multihash, as
 * IPFS and CAR files are, so a DAG-CBOR block and a raw block with the same bytes share a key (the
 * bytes, and so every verification, are the same). Only sha2-256 blocks have a key: every Phoenix
 * block is one.
 */
public final class CidKey {
    public static final int BYTES = 36;

    private CidKey() {}

    /** The key of {@code cid}, or null when its multihash is not a 32-byte sha2-256 digest. */
    public static byte[] of(Cid cid) {
        Multihash mh = cid.multihash();
        if (mh.code() != Multihash.SHA2_256 || mh.digest().length != 32) return null;
        if (cid.version() == 1 && cid.codec() == Cid.RAW) return cid.toBytes();
        return Cid.v1(Cid.RAW, mh).toBytes();
    }

    /** The key of {@code cid} copied into {@code dst} at {@code off}; false (nothing copied) when it has none. */
    public static boolean copy(Cid cid, byte[] dst, int off) {
        byte[] k = of(cid);
        if (k == null) return false;
        System.arraycopy(k, 0, dst, off, BYTES);
        return true;
    }

    /** The raw-codec CID a key stands for. */
    public static Cid cid(byte[] key, int off) {
        byte[] b = new byte[BYTES];
        System.arraycopy(key, off, b, 0, BYTES);
        return Cid.fromBytes(b);
    }
}
