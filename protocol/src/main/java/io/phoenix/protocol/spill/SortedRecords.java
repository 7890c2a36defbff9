package io.phoenix.protocol.spill;

import io.phoenix.protocol.multiformats.Cid;
import java.io.Closeable;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A file of fixed-size records sorted by key (the first {@code keyBytes} bytes, unsigned), one
 * record per key, as {@link RecordSorter#finish} writes it. Looked up by binary search in a
 * read-only memory mapping (in segments of at most 1 GiB), so the heap holds a few objects
 * whatever the number of records; the pages live in the OS page cache. Lookups are safe from
 * several threads; a {@link Cursor} (one thread) is faster when keys come in ascending order.
 * {@link #close} unmaps the file at once (as the pack store's index runs do), so a deleted scratch
 * file gives its disk space back then rather than whenever the collector finalises the mapping;
 * the caller guarantees that nothing reads it any more.
 */
public final class SortedRecords implements Closeable {
    private static final long SEGMENT_BYTES = 1L << 30;

    private final Path file;
    private final int recordBytes;
    private final int keyBytes;
    private final long count;
    private final long perSegment;
    private final MappedByteBuffer[] segments;

    private SortedRecords(Path file, int recordBytes, int keyBytes, long count, MappedByteBuffer[] segments) {
        this.file = file;
        this.recordBytes = recordBytes;
        this.keyBytes = keyBytes;
        this.count = count;
        this.perSegment = SEGMENT_BYTES / recordBytes;
        this.segments = segments;
    }

    /** Maps {@code file}, whose records must already be sorted and distinct by key. */
    public static SortedRecords open(Path file, int recordBytes, int keyBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size % recordBytes != 0) throw new IOException(file + " is not a whole number of " + recordBytes + "-byte records");
            long count = size / recordBytes;
            long perSegment = SEGMENT_BYTES / recordBytes;
            int n = (int) ((count + perSegment - 1) / perSegment);
            MappedByteBuffer[] segments = new MappedByteBuffer[n];
            for (int i = 0; i < n; i++) {
                long from = i * perSegment * recordBytes;
                segments[i] = ch.map(FileChannel.MapMode.READ_ONLY, from, Math.min(size - from, perSegment * recordBytes));
            }
            return new SortedRecords(file, recordBytes, keyBytes, count, segments);
        }
    }

    public Path file() {
        return file;
    }

    public long count() {
        return count;
    }

    /** Whether a record has this key (the key's first {@code keyBytes} bytes are compared). */
    public boolean contains(byte[] key) {
        return find(key) >= 0;
    }

    /** For records keyed by {@link CidKey}: whether one is {@code cid}'s (never for a CID without a key). */
    public boolean contains(Cid cid) {
        byte[] key = CidKey.of(cid);
        return key != null && find(key) >= 0;
    }

    /** The number of the record with this key, or -1. */
    public long find(byte[] key) {
        long lo = 0, hi = count - 1;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            int c = compare(mid, key);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -1;
    }

    /** Copies record {@code index} into {@code dst} (at least one record long). */
    public void read(long index, byte[] dst) {
        if (index < 0 || index >= count) throw new IndexOutOfBoundsException(index);
        segment(index).get((int) ((index % perSegment) * recordBytes), dst, 0, recordBytes);
    }

    /** A lookup position for one thread: ascending keys cost a few comparisons each (galloping from the last one). */
    public Cursor cursor() {
        return new Cursor();
    }

    private MappedByteBuffer segment(long index) {
        MappedByteBuffer seg = segments[(int) (index / perSegment)];
        if (seg == null) throw new IllegalStateException(file + " is closed");
        return seg;
    }

    /** Record {@code index} compared with {@code key}, unsigned byte by byte. */
    private int compare(long index, byte[] key) {
        MappedByteBuffer seg = segment(index);
        int at = (int) ((index % perSegment) * recordBytes);
        for (int i = 0; i < keyBytes; i++) {
            int c = Integer.compare(seg.get(at + i) & 0xFF, key[i] & 0xFF);
            if (c != 0) return c;
        }
        return 0;
    }

    /** Unmaps the file (idempotent); no lookup may run during or after it. */
    @Override
    public synchronized void close() {
        for (int i = 0; i < segments.length; i++) {
            Unmapper.unmap(segments[i]);
            segments[i] = null;
        }
    }

    /** See {@link #cursor()}. Not thread-safe. */
    public final class Cursor {
        /** Every record before it has a key below the last key looked up. */
        private long position;
        private final byte[] last = new byte[keyBytes];
        private boolean started;

        private Cursor() {}

        /** As {@link SortedRecords#find}. */
        public long find(byte[] key) {
            long lo = 0, hi = count - 1;
            if (started && Arrays.compareUnsigned(last, 0, keyBytes, key, 0, keyBytes) <= 0) {
                // gallop from the last position: 1, 2, 4 … records ahead until a key is not below this one
                lo = position;
                long step = 1;
                while (lo + step - 1 <= hi && compare(lo + step - 1, key) < 0) {
                    lo += step;
                    step <<= 1;
                }
                hi = Math.min(hi, lo + step - 1);
            }
            System.arraycopy(key, 0, last, 0, keyBytes);
            started = true;
            while (lo <= hi) {
                long mid = (lo + hi) >>> 1;
                int c = compare(mid, key);
                if (c < 0) lo = mid + 1;
                else if (c > 0) hi = mid - 1;
                else {
                    position = mid;
                    return mid;
                }
            }
            position = lo;
            return -1;
        }

        public boolean contains(byte[] key) {
            return find(key) >= 0;
        }

        /** For records keyed by {@link CidKey}: whether one is {@code cid}'s (never for a CID without a key). */
        public boolean contains(Cid cid) {
            byte[] key = CidKey.of(cid);
            return key != null && find(key) >= 0;
        }
    }
}
