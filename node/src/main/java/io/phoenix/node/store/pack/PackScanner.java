package io.phoenix.node.store.pack;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads the entries of one pack file in order without the index ({@code u8 n ‖ CID ‖ u32 length ‖
 * bytes}, docs/storage.md), and checks each against its CID: what {@link IndexRebuild} indexes.
 * Nothing in a pack is trusted but what hashes right: an entry whose bytes do not hash to its CID
 * is reported; where no entry can be read at all (a damaged CID or length loses the framing), the
 * scan looks for the next offset at which a whole entry reads and verifies, and reports the
 * region in between. So damage costs the entries it touches, never the rest of the pack.
 *
 * <p>Reads sequentially through one window (reused across packs) that holds at least the largest
 * entry a block can make, so memory is the window whatever the pack holds.
 */
final class PackScanner {
    /** What a scan finds, in pack order. */
    interface Sink {
        /** An entry whose bytes hash to its CID; {@code offset} is that of its first data byte. */
        void entry(Cid cid, IndexKey key, long offset, int length) throws IOException;

        /**
         * Damage at {@code offset} (where the entry or unreadable region starts); {@code cid} is the
         * CID the entry names, or null when none could be read there.
         */
        void damage(long offset, Cid cid, String reason) throws IOException;

        /** The pack's 8-byte header is not PXPK version 1; its entries are read anyway (nothing else in it is needed). */
        void headerDamaged(String reason);
    }

    private static final int MAGIC = 0x5058504b; // "PXPK"
    private static final int VERSION = 1;
    /** CIDv1 of a SHA2-256 multihash: version, codec varint of 1 to 5 bytes, 0x12 0x20, 32 bytes. */
    private static final int MIN_CID = 36;
    private static final int MAX_CID = 40;

    private enum Kind { GOOD, MISMATCH, TRUNCATED, UNREADABLE }

    private record Parsed(Kind kind, Cid cid, IndexKey key, long data, int length, long next, String reason) {
        static Parsed unreadable(Cid cid, String reason) {
            return new Parsed(Kind.UNREADABLE, cid, null, -1, -1, -1, reason);
        }
    }

    private final int maxBlockBytes;
    private final byte[] window;
    private FileChannel channel;
    private long end;
    private String endName;
    private long windowStart;
    private int windowLength;

    /** A scanner for blocks of at most {@code maxBlockBytes}: its window holds the largest entry, and at least 1 MiB. */
    PackScanner(int maxBlockBytes) {
        this.maxBlockBytes = maxBlockBytes;
        this.window = new byte[Math.max(1 << 20, 1 + MAX_CID + 4 + maxBlockBytes)];
    }

    /**
     * Scans the entries of the pack read through {@code channel} from its header to {@code end}
     * (exclusive; at most the file's size). {@code endName} says what the end is in messages ("the
     * pack", "the end the ledger records").
     */
    void scan(FileChannel channel, long end, String endName, Sink sink) throws IOException {
        this.channel = channel;
        this.end = end;
        this.endName = endName;
        this.windowStart = 0;
        this.windowLength = 0;
        if (end < PackFiles.HEADER) {
            if (end > 0) sink.damage(0, null, "the pack is " + end + " bytes, shorter than its header");
            return;
        }
        ensure(0, PackFiles.HEADER);
        if (intAt(0) != MAGIC || intAt(4) != VERSION) {
            sink.headerDamaged("the pack header is not PXPK version 1 (its entries were read anyway)");
        }
        long pos = PackFiles.HEADER;
        while (pos < end) {
            Parsed p = parse(pos);
            if (p.kind() == Kind.GOOD) {
                sink.entry(p.cid(), p.key(), p.data(), p.length());
                pos = p.next();
            } else if (p.kind() == Kind.MISMATCH && framed(p.next())) {
                sink.damage(pos, p.cid(), p.reason());
                pos = p.next();
            } else {
                long resume = resync(pos + 1);
                String lost = resume >= end
                        ? "; no entry could be read in the " + (end - pos) + " bytes from here to the end of " + endName
                        : "; no entry could be read up to offset " + resume;
                sink.damage(pos, p.cid(), p.reason() + lost);
                pos = resume;
            }
        }
    }

    /** Whether an entry header that reads starts at {@code next} (or the scan ends there): the length before it was right. */
    private boolean framed(long next) throws IOException {
        return next == end || parse(next).kind() != Kind.UNREADABLE;
    }

    /** The first offset from {@code from} at which a whole entry reads and verifies, or the end. */
    private long resync(long from) throws IOException {
        for (long q = from; q < end; q++) {
            if (!ensure(q, 1)) break;
            int n = byteAt(q);
            if (n < MIN_CID || n > MAX_CID || q + 1 + n + 4 > end || !ensure(q, 1 + n + 4)) continue;
            if (byteAt(q + 1) != 1 || byteAt(q + n - 33) != 0x12 || byteAt(q + n - 32) != 0x20) continue;
            if (parse(q).kind() == Kind.GOOD) return q;
        }
        return end;
    }

    private Parsed parse(long pos) throws IOException {
        if (!ensure(pos, 1)) return Parsed.unreadable(null, "an entry is cut off");
        int n = byteAt(pos);
        if (n < MIN_CID || n > MAX_CID) return Parsed.unreadable(null, "no entry starts here (a CID of " + n + " bytes)");
        if (pos + 1 + n + 4 > end || !ensure(pos, 1 + n + 4)) {
            return new Parsed(Kind.TRUNCATED, null, null, -1, -1, -1, "an entry header runs past the end of " + endName);
        }
        int at = (int) (pos - windowStart);
        Cid cid;
        try {
            ByteBuffer b = ByteBuffer.wrap(window, at + 1, n);
            cid = Cid.read(b);
            if (b.position() != at + 1 + n) throw new FormatException("the CID is shorter than its length byte says");
        } catch (FormatException e) {
            return Parsed.unreadable(null, "no entry starts here (" + e.getMessage() + ")");
        }
        IndexKey key = IndexKey.of(cid);
        if (key == null) return Parsed.unreadable(null, "no entry starts here (" + cid + " is not a CIDv1 of SHA2-256)");
        int length = ByteBuffer.wrap(window).getInt(at + 1 + n);
        if (length < 0 || length > maxBlockBytes) return Parsed.unreadable(cid, "the entry of " + cid + " has a length of " + length + " bytes");
        long data = pos + 1 + n + 4;
        long next = data + length;
        if (next > end) {
            return new Parsed(Kind.TRUNCATED, cid, key, data, length, next,
                    "the " + length + " bytes of " + cid + " run past the end of " + endName);
        }
        if (!ensure(pos, (int) (next - pos))) return new Parsed(Kind.TRUNCATED, cid, key, data, length, next, "the entry of " + cid + " is cut off");
        boolean ok = cid.verifies(window, (int) (data - windowStart), length);
        return new Parsed(ok ? Kind.GOOD : Kind.MISMATCH, cid, key, data, length, next,
                ok ? null : length + " bytes that do not hash to " + cid);
    }

    /** Makes {@code [pos, pos + n)} readable in the window, refilling it from {@code pos}; false when the pack ends first. */
    private boolean ensure(long pos, int n) throws IOException {
        if (pos >= windowStart && pos + n <= windowStart + windowLength) return true;
        if (pos + n > end) return false;
        windowStart = pos;
        ByteBuffer b = ByteBuffer.wrap(window, 0, (int) Math.min(window.length, end - pos));
        while (b.hasRemaining() && channel.read(b, pos + b.position()) >= 0) {
            // read until the window is full or the file ends
        }
        windowLength = b.position();
        return n <= windowLength;
    }

    private int byteAt(long pos) {
        return window[(int) (pos - windowStart)] & 0xff;
    }

    private int intAt(long pos) {
        return ByteBuffer.wrap(window).getInt((int) (pos - windowStart));
    }
}
