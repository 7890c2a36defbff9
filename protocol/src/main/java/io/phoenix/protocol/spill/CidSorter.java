package io.phoenix.protocol.spill;

import io.phoenix.protocol.multiformats.Cid;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sorts and de-duplicates a stream of raw-block CIDs (36 bytes each: CIDv1, raw, SHA2-256) in
 * bounded memory, through a {@link RecordSorter} whose records are the CIDs' bytes: a buffer of
 * {@code bufferBytes}, sorted runs in a directory of its own under {@code tempDir} (created when
 * the first run is written), merged 64 at a time. {@link #drain} hands each distinct CID once, in
 * {@link Cid#compareTo} order; {@link #finish} writes them to a {@link SortedRecords} file instead.
 * Not thread-safe; a caller with several producers synchronises {@link #add}. {@link #close}
 * deletes the runs and the directory.
 */
public final class CidSorter implements Closeable {
    /** Every CID this sorter takes: CIDv1, raw codec, SHA2-256 multihash. */
    public static final int CID_BYTES = CidKey.BYTES;

    private static final AtomicLong SORTERS = new AtomicLong();

    /** Receives the sorted CIDs. */
    public interface Sink {
        void accept(Cid cid) throws IOException;
    }

    private final Path dir;
    private final RecordSorter sorter;

    /**
     * @param tempDir     where the run directory goes ({@code cid-sort-<pid>-<n>})
     * @param bufferBytes memory for unsorted CIDs; rounded down to whole CIDs, at least two
     */
    public CidSorter(Path tempDir, int bufferBytes) {
        this.dir = tempDir.resolve("cid-sort-" + ProcessHandle.current().pid() + "-" + SORTERS.incrementAndGet());
        this.sorter = new RecordSorter(dir, CID_BYTES, CID_BYTES, bufferBytes);
    }

    /** Adds a CID (duplicates are dropped when draining). */
    public void add(Cid cid) throws IOException {
        byte[] b = cid.toBytes();
        if (b.length != CID_BYTES || b[0] != 1 || b[1] != Cid.RAW || b[2] != 0x12 || b[3] != 32) {
            throw new IllegalArgumentException("not a raw-block SHA2-256 CIDv1: " + cid);
        }
        sorter.add(b);
    }

    /** CIDs added, duplicates included. */
    public long added() {
        return sorter.added();
    }

    /** Hands every distinct CID to {@code sink}, sorted; returns how many. Once only. */
    public long drain(Sink sink) throws IOException {
        return sorter.drain(record -> sink.accept(Cid.fromBytes(record.clone())));
    }

    /** Writes every distinct CID, sorted, to {@code target} and opens it. Once only. */
    public SortedRecords finish(Path target) throws IOException {
        return sorter.finish(target);
    }

    @Override
    public void close() throws IOException {
        sorter.close();
        Files.deleteIfExists(dir);
    }
}
