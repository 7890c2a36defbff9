package io.phoenix.node.snapshot;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.tree.FileDigest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A file the previous run stored: the stat it had then (size, mtime, ctime, inode, device) and what
 * it was stored as (chunks and whole-file digest). A file whose stat is unchanged is not read again.
 */
public record CachedFile(long size, long mtimeNanos, long ctimeNanos, long inode, long device,
                         List<SavedChunk> chunks, byte[] digest) {
    /** Bytes of one chunk in {@link #encode}: CID digest, plaintext length, plaintext MAC. */
    static final int CHUNK_BYTES = 32 + 4 + 32;
    private static final int FIXED_BYTES = 5 * 8 + FileDigest.LENGTH + 4;
    /** Most chunks a record may hold (2^24 chunks of at most 1 MiB: files up to ~16 TiB, as tree blocks allow). */
    static final int MAX_CHUNKS = 1 << 24;

    public static CachedFile of(FileStat st, List<SavedChunk> chunks, byte[] digest) {
        return new CachedFile(st.size(), st.mtimeNanos(), st.ctimeNanos(), st.inode(), st.device(), List.copyOf(chunks), digest);
    }

    /** True when {@code st} has the size, mtime, ctime, inode and device recorded here. */
    public boolean matches(FileStat st) {
        return st.kind() == FileStat.Kind.FILE && st.size() == size && st.mtimeNanos() == mtimeNanos
                && st.ctimeNanos() == ctimeNanos && st.inode() == inode && st.device() == device;
    }

    /**
     * The record's body in the file cache (docs/snapshot.md §4): i64 size, mtime, ctime, inode,
     * device ‖ 32-byte digest ‖ u32 chunk count ‖ per chunk: 32-byte SHA2-256 of its raw-block CID,
     * u32 plaintext length, 32-byte plaintext MAC. Big-endian.
     */
    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + chunks.size() * CHUNK_BYTES);
        b.putLong(size).putLong(mtimeNanos).putLong(ctimeNanos).putLong(inode).putLong(device);
        b.put(digest).putInt(chunks.size());
        byte[] cid = new byte[32];
        for (SavedChunk c : chunks) {
            if (!c.cid().rawDigestInto(cid, 0)) throw new IllegalArgumentException("not a raw-block CID: " + c.cid());
            b.put(cid).putInt(c.length()).put(c.mac());
        }
        return b.array();
    }

    /** Decodes {@link #encode}'s bytes; anything inconsistent is an {@link IOException}. */
    static CachedFile decode(byte[] body) throws IOException {
        if (body.length < FIXED_BYTES) throw new IOException("record body of " + body.length + " bytes");
        ByteBuffer b = ByteBuffer.wrap(body);
        long size = b.getLong(), mtime = b.getLong(), ctime = b.getLong(), ino = b.getLong(), dev = b.getLong();
        byte[] digest = new byte[FileDigest.LENGTH];
        b.get(digest);
        int n = b.getInt();
        if (n < 0 || n > MAX_CHUNKS || b.remaining() != (long) n * CHUNK_BYTES) throw new IOException("record with " + n + " chunks in " + body.length + " bytes");
        List<SavedChunk> chunks = new ArrayList<>(n);
        long sum = 0;
        for (int i = 0; i < n; i++) {
            Cid cid = Cid.ofRawDigest(body, b.position());
            b.position(b.position() + 32);
            int length = b.getInt();
            byte[] mac = new byte[32];
            b.get(mac);
            if (length <= 0) throw new IOException("chunk of length " + length);
            sum += length;
            chunks.add(new SavedChunk(cid, length, mac));
        }
        if (sum != size) throw new IOException("chunks hold " + sum + " bytes, the record says " + size);
        return new CachedFile(size, mtime, ctime, ino, dev, chunks, digest);
    }

    /** The stat fields of an encoded body, compared without decoding its chunks. */
    static boolean bodyMatches(byte[] body, FileStat st) {
        if (body.length < FIXED_BYTES || st.kind() != FileStat.Kind.FILE) return false;
        ByteBuffer b = ByteBuffer.wrap(body);
        return b.getLong(0) == st.size() && b.getLong(8) == st.mtimeNanos() && b.getLong(16) == st.ctimeNanos()
                && b.getLong(24) == st.inode() && b.getLong(32) == st.device();
    }
}
