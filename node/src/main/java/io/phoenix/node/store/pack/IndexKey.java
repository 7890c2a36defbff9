package io.phoenix.node.store.pack;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.multiformats.Multihash;
import java.nio.ByteBuffer;

/**
 * What a pack index sorts by: a CIDv1's SHA2-256 digest (as four unsigned big-endian longs) and
 * its codec. The pack store holds only such CIDs (every block and manifest Phoenix makes is one).
 */
record IndexKey(long d0, long d1, long d2, long d3, int codec) implements Comparable<IndexKey> {
    /** The key of {@code cid}, or null when the pack store cannot hold it (not CIDv1 + SHA2-256). */
    static IndexKey of(Cid cid) {
        if (cid.version() != 1 || cid.multihash().code() != Multihash.SHA2_256) return null;
        byte[] d = cid.multihash().digest();
        if (d.length != 32) return null;
        ByteBuffer b = ByteBuffer.wrap(d);
        return new IndexKey(b.getLong(0), b.getLong(8), b.getLong(16), b.getLong(24), cid.codec());
    }

    Cid toCid() {
        byte[] d = ByteBuffer.allocate(32).putLong(d0).putLong(d1).putLong(d2).putLong(d3).array();
        return Cid.v1(codec, new Multihash(Multihash.SHA2_256, d));
    }

    /** The first byte of the digest, 0..255: the fan-out bucket. */
    int firstByte() {
        return (int) (d0 >>> 56);
    }

    void writeTo(ByteBuffer b) {
        b.putLong(d0).putLong(d1).putLong(d2).putLong(d3).putInt(codec);
    }

    static IndexKey readFrom(ByteBuffer b, int at) {
        return new IndexKey(b.getLong(at), b.getLong(at + 8), b.getLong(at + 16), b.getLong(at + 24), b.getInt(at + 32));
    }

    /** Compares this key with the one stored at {@code at} in {@code b}, without allocating. */
    int compareAt(ByteBuffer b, int at) {
        int c = Long.compareUnsigned(d0, b.getLong(at));
        if (c != 0) return c;
        c = Long.compareUnsigned(d1, b.getLong(at + 8));
        if (c != 0) return c;
        c = Long.compareUnsigned(d2, b.getLong(at + 16));
        if (c != 0) return c;
        c = Long.compareUnsigned(d3, b.getLong(at + 24));
        if (c != 0) return c;
        return Integer.compareUnsigned(codec, b.getInt(at + 32));
    }

    @Override
    public int compareTo(IndexKey o) {
        int c = Long.compareUnsigned(d0, o.d0);
        if (c != 0) return c;
        c = Long.compareUnsigned(d1, o.d1);
        if (c != 0) return c;
        c = Long.compareUnsigned(d2, o.d2);
        if (c != 0) return c;
        c = Long.compareUnsigned(d3, o.d3);
        if (c != 0) return c;
        return Integer.compareUnsigned(codec, o.codec);
    }
}
