package io.phoenix.protocol.exchange.mapped;

import io.phoenix.protocol.spill.Unmapper;
import io.phoenix.protocol.exchange.SnapshotIndex;
import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.multiformats.Cid;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * A snapshot's block index in a temporary, memory-mapped file: the entries' binary CIDs (36 bytes
 * each: CIDv1, raw, SHA2-256) back to back in index order, written once from the index pages
 * (one page in the heap at a time) and deleted by {@link #close}. {@link #cid} reads one record;
 * {@link #position} binary-searches the file when the entries are in strictly ascending CID order
 * (Phoenix's {@code ManifestWriter} sorts them; {@link #searchable} says whether they were). At 20
 * million blocks the file is 720 MB of page cache and the heap holds this object alone.
 *
 * <p>Not persistent: rebuilt from the pages for every fetch; a crash leaves a file the next start
 * deletes with the rest of the work directory. Layout in docs/storage.md ("Temporary files of the
 * replication path"). Thread-safe (every read takes the lock, so nothing reads after
 * {@link #close} unmaps).
 */
public final class MappedSnapshotIndex implements SnapshotIndex {
    /** Bytes per entry. */
    public static final int RECORD = 36;
    /** Records per mapping (~1 GiB), so that no record straddles two mappings. */
    private static final long PER_SEGMENT = (1L << 30) / RECORD;

    /** Reads one index page by CID (from the store, verified). */
    @FunctionalInterface
    public interface PageLoader {
        IndexPage load(Cid page) throws IOException;
    }

    private final Path file;
    private final long total;
    private final boolean sorted;
    private MappedByteBuffer[] segments;

    private MappedSnapshotIndex(Path file, long total, boolean sorted, MappedByteBuffer[] segments) {
        this.file = file;
        this.total = total;
        this.sorted = sorted;
        this.segments = segments;
    }

    /**
     * Writes the entries of {@code pages} (in order, each page loaded once) to a new file in
     * {@code dir} and maps it. An entry that is not a 36-byte raw SHA2-256 CID fails the build
     * (no Phoenix writer makes one).
     */
    public static MappedSnapshotIndex build(Path dir, List<Cid> pages, PageLoader loader) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "index-", ".cids");
        try {
            long n = 0;
            boolean ascending = true;
            byte[] previous = null;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING), 1 << 16)) {
                for (Cid page : pages) {
                    for (Cid c : loader.load(page).blocks()) {
                        byte[] b = c.toBytes();
                        if (b.length != RECORD) throw new IOException("index page " + page + " lists " + c + ", which is not a raw SHA2-256 CID");
                        if (previous != null && Arrays.compareUnsigned(previous, b) >= 0) ascending = false;
                        previous = b;
                        out.write(b);
                        n++;
                    }
                }
            }
            return new MappedSnapshotIndex(file, n, ascending, map(file, n));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static MappedByteBuffer[] map(Path file, long n) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int count = (int) ((n + PER_SEGMENT - 1) / PER_SEGMENT);
            MappedByteBuffer[] out = new MappedByteBuffer[count];
            for (int s = 0; s < count; s++) {
                long from = s * PER_SEGMENT;
                out[s] = ch.map(FileChannel.MapMode.READ_ONLY, from * RECORD, Math.min(PER_SEGMENT, n - from) * RECORD);
            }
            return out;
        }
    }

    @Override
    public long total() {
        return total;
    }

    @Override
    public boolean searchable() {
        return sorted;
    }

    @Override
    public synchronized Cid cid(long position) {
        if (position < 0 || position >= total) throw new IndexOutOfBoundsException("position " + position + " of " + total);
        byte[] b = new byte[RECORD];
        segment(position).get(offset(position), b);
        return Cid.fromBytes(b);
    }

    @Override
    public synchronized long position(Cid cid) {
        if (!sorted || segments == null) return -1;
        byte[] key = cid.toBytes();
        if (key.length != RECORD) return -1;
        byte[] probe = new byte[RECORD];
        long lo = 0;
        long hi = total - 1;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            segment(mid).get(offset(mid), probe);
            int c = Arrays.compareUnsigned(probe, key);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    private MappedByteBuffer segment(long position) {
        if (segments == null) throw new IllegalStateException("snapshot index " + file + " is closed");
        return segments[(int) (position / PER_SEGMENT)];
    }

    private static int offset(long position) {
        return (int) ((position % PER_SEGMENT) * RECORD);
    }

    @Override
    public synchronized void close() {
        if (segments == null) return;
        for (MappedByteBuffer m : segments) Unmapper.unmap(m);
        segments = null;
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file: the next start clears the directory
        }
    }

    @Override
    public String toString() {
        return "MappedSnapshotIndex[" + file.getFileName() + ", " + total + " entries" + (sorted ? "" : ", unsorted") + "]";
    }
}
