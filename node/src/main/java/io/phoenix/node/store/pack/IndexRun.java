package io.phoenix.node.store.pack;

import io.phoenix.protocol.spill.Unmapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * One immutable, sorted index file of the pack store ({@code index/<first>-<last>.run}), read
 * through memory maps so that the index of millions of blocks lives in the page cache, not the heap.
 * Layout (docs/storage.md, "Pack store"), big-endian:
 *
 * <pre>
 * header, 1048 bytes:
 *   0  4   magic "PXIR"
 *   4  4   version = 1
 *   8  8   record count N
 *   16 1024 fan-out: 256 x u32, entry b = number of records whose digest starts with a byte <= b
 *   1040 4 CRC32C of bytes 0..1039
 *   1044 4 zero
 * N records of 56 bytes, sorted by (digest, codec) ascending, each key at most once:
 *   0  32  SHA2-256 digest     32 4 CID codec     36 4 pack number
 *   40 8   data offset in the pack                48 4 data length, -1 = deleted
 *   52 4   CRC32C of bytes 0..51 of the record
 * </pre>
 */
final class IndexRun {
    static final int HEADER = 1048;
    static final int RECORD = 56;
    private static final int MAGIC = 0x50584952; // "PXIR"
    private static final int VERSION = 1;
    /** Records per mapped segment (~1 GiB), so no record straddles two mappings. */
    private static final long PER_SEGMENT = (1L << 30) / RECORD;

    private final Path file;
    private final long first;
    private final long last;
    private final long count;
    private final int[] fanout = new int[256];
    private final ByteBuffer[] segments;

    private IndexRun(Path file, long first, long last, long count, ByteBuffer header, ByteBuffer[] segments) {
        this.file = file;
        this.first = first;
        this.last = last;
        this.count = count;
        for (int b = 0; b < 256; b++) fanout[b] = header.getInt(16 + 4 * b);
        this.segments = segments;
    }

    /** File name of the run covering flush sequence numbers first..last. */
    static String name(long first, long last) {
        return String.format("%016x-%016x.run", first, last);
    }

    /** [first, last] parsed from a run file name, or null when the name is not a run's. */
    static long[] parseName(String name) {
        if (!name.matches("[0-9a-f]{16}-[0-9a-f]{16}\\.run")) return null;
        long first = Long.parseUnsignedLong(name.substring(0, 16), 16);
        long last = Long.parseUnsignedLong(name.substring(17, 33), 16);
        return first <= last ? new long[] {first, last} : null;
    }

    static IndexRun open(Path file) throws IOException {
        long[] range = parseName(file.getFileName().toString());
        if (range == null) throw new IOException("not an index run file name: " + file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER) throw damaged(file, "is " + size + " bytes, shorter than its header");
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (header.hasRemaining() && ch.read(header, header.position()) >= 0) {
                // read the whole header
            }
            header.flip();
            if (header.getInt(0) != MAGIC) throw damaged(file, "does not start with the index magic");
            CRC32C crc = new CRC32C();
            crc.update(header.duplicate().limit(1040));
            if ((int) crc.getValue() != header.getInt(1040)) throw damaged(file, "has a damaged header (CRC mismatch)");
            if (header.getInt(4) != VERSION) { // an intact header of another version: not damage
                throw new IOException("block store index " + file + " has index version " + header.getInt(4) + "; this build reads " + VERSION);
            }
            long n = header.getLong(8);
            if (n < 0 || size != HEADER + n * RECORD) throw damaged(file, "is " + size + " bytes but its header counts " + n + " records");
            if (n > 0 && Integer.toUnsignedLong(header.getInt(16 + 4 * 255)) != n) throw damaged(file, "has a fan-out that does not add up to its record count");
            int nseg = (int) ((n + PER_SEGMENT - 1) / PER_SEGMENT);
            ByteBuffer[] segs = new ByteBuffer[nseg];
            for (int s = 0; s < nseg; s++) {
                long from = (long) s * PER_SEGMENT;
                long len = Math.min(PER_SEGMENT, n - from) * RECORD;
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, HEADER + from * RECORD, len);
                segs[s] = m;
            }
            return new IndexRun(file, range[0], range[1], n, header, segs);
        }
    }

    /**
     * Writes the entries, given in ascending key order, as a run to {@code temp} and fsyncs it; returns
     * how many it wrote. The caller renames the file into place.
     */
    static long write(Path temp, Iterator<Map.Entry<IndexKey, Location>> sorted) throws IOException {
        int[] fan = new int[256];
        CRC32C crc = new CRC32C();
        ByteBuffer rec = ByteBuffer.allocate(RECORD);
        long written = 0;
        IndexKey previous = null;
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch.position(HEADER)), 1 << 16)) {
            while (sorted.hasNext()) {
                Map.Entry<IndexKey, Location> e = sorted.next();
                IndexKey key = e.getKey();
                if (previous != null && previous.compareTo(key) >= 0) throw new IllegalStateException("index entries out of order");
                previous = key;
                Location loc = e.getValue();
                rec.clear();
                key.writeTo(rec);
                rec.putInt(loc.pack()).putLong(loc.offset()).putInt(loc.deleted() ? -1 : loc.length());
                crc.reset();
                crc.update(rec.array(), 0, 52);
                rec.putInt((int) crc.getValue());
                out.write(rec.array());
                fan[key.firstByte()]++;
                written++;
            }
            out.flush();
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            header.putInt(MAGIC).putInt(VERSION).putLong(written);
            int cumulative = 0;
            for (int b = 0; b < 256; b++) {
                cumulative += fan[b];
                header.putInt(cumulative);
            }
            crc.reset();
            crc.update(header.array(), 0, 1040);
            header.putInt((int) crc.getValue()).putInt(0).flip();
            while (header.hasRemaining()) ch.write(header, header.position());
            ch.force(true);
        }
        return written;
    }

    Path file() {
        return file;
    }

    long first() {
        return first;
    }

    long last() {
        return last;
    }

    long count() {
        return count;
    }

    /**
     * The location recorded for {@code key} (possibly {@link Location#DELETED}), or null when the run
     * has no record of it. Keys are SHA-256 digests, spread evenly over their range, so the search
     * interpolates on the first 8 bytes (after the fan-out byte) for its first probes: about three
     * probes for a bucket of thousands of records instead of a dozen; it bisects after that, so
     * no spread of keys makes a lookup cost more than a binary search's.
     */
    Location find(IndexKey key) throws IOException {
        int b = key.firstByte();
        long lo = b == 0 ? 0 : Integer.toUnsignedLong(fanout[b - 1]);
        long hi = Integer.toUnsignedLong(fanout[b]) - 1;
        long k = key.d0() & BELOW_FANOUT_BYTE;
        long loV = -1; // the key below record lo (virtual: below every key of the bucket)
        long hiV = BELOW_FANOUT_BYTE + 1; // the key above record hi (virtual)
        for (int probe = 0; lo <= hi; probe++) {
            long mid;
            if (probe < INTERPOLATED_PROBES && hi - lo > 8) {
                double f = (double) (k - loV) / (double) (hiV - loV);
                mid = Math.min(hi, Math.max(lo, lo - 1 + (long) (f * (hi - lo + 2))));
            } else {
                mid = (lo + hi) >>> 1;
            }
            ByteBuffer seg = segments[(int) (mid / PER_SEGMENT)];
            int at = (int) ((mid % PER_SEGMENT) * RECORD);
            int c = key.compareAt(seg, at);
            if (c == 0) return location(mid);
            long midV = seg.getLong(at) & BELOW_FANOUT_BYTE;
            if (c < 0) {
                hi = mid - 1;
                hiV = midV;
            } else {
                lo = mid + 1;
                loV = midV;
            }
        }
        return null;
    }

    private static final long BELOW_FANOUT_BYTE = (1L << 56) - 1;
    private static final int INTERPOLATED_PROBES = 4;

    /** Index of the first record whose key is greater than {@code key} (count() when none is). */
    long firstAfter(IndexKey key) {
        long lo = 0;
        long hi = count;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            ByteBuffer seg = segments[(int) (mid / PER_SEGMENT)];
            if (key.compareAt(seg, (int) ((mid % PER_SEGMENT) * RECORD)) >= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    IndexKey key(long i) {
        return IndexKey.readFrom(segments[(int) (i / PER_SEGMENT)], (int) ((i % PER_SEGMENT) * RECORD));
    }

    /** The location of record {@code i}, after checking the record's CRC. */
    Location location(long i) throws IOException {
        ByteBuffer seg = segments[(int) (i / PER_SEGMENT)];
        int at = (int) ((i % PER_SEGMENT) * RECORD);
        CRC32C crc = new CRC32C();
        crc.update(seg.duplicate().position(at).limit(at + 52));
        if ((int) crc.getValue() != seg.getInt(at + 52)) throw damaged(file, "has a damaged record " + i + " (CRC mismatch)");
        int length = seg.getInt(at + 48);
        return length < 0 ? Location.DELETED : new Location(seg.getInt(at + 36), seg.getLong(at + 40), length);
    }

    /**
     * Unmaps the run at once, instead of whenever the collector gets to it, so that a run a merge
     * replaced gives its disk space back and a closed store leaves no mapping behind. The caller
     * guarantees that no thread is reading the run (IndexRuns' write lock).
     */
    void unmap() {
        for (int i = 0; i < segments.length; i++) {
            Unmapper.unmap(segments[i]);
            segments[i] = null;
        }
    }

    /** What every message about a damaged or incomplete index tells the operator to do. */
    static final String REPAIR_HINT = "run 'phoenix repair index' to rebuild the index from the packs";

    private static IOException damaged(Path file, String what) {
        return new IOException("block store index " + file + " " + what + ": " + REPAIR_HINT);
    }

    @Override
    public String toString() {
        return file.getFileName() + " (" + count + " records)";
    }
}
