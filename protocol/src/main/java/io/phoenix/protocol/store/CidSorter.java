package io.phoenix.protocol.store;

import io.phoenix.protocol.multiformats.Cid;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts and de-duplicates a stream of raw-block CIDs (36 bytes each: CIDv1, raw, SHA2-256) in
 * bounded memory: CIDs are packed into one buffer of {@code bufferBytes}; a full buffer is sorted
 * and written as a run file into a temporary directory; {@link #drain} merges the runs (and what is
 * still buffered) and hands each distinct CID once, in {@link Cid#compareTo} order. Memory is the
 * buffer plus 64 KiB per run while merging, whatever the number of CIDs. Not thread-safe; a caller
 * with several producers synchronises {@link #add}. {@link #close} deletes the runs.
 *
 * <p>Run file format (temporary, never kept): the sorted, distinct 36-byte CIDs back to back.
 */
public final class CidSorter implements Closeable {
    /** Every CID this sorter takes: CIDv1, raw codec, SHA2-256 multihash. */
    public static final int CID_BYTES = 36;

    /** Receives the sorted CIDs. */
    public interface Sink {
        void accept(Cid cid) throws IOException;
    }

    private final Path tempDir;
    private final byte[] buffer;
    private final List<Path> runs = new ArrayList<>();
    private int used;
    private long added;
    private Path dir;
    private boolean drained;

    /**
     * @param tempDir     where run files go (created when the first run is written)
     * @param bufferBytes memory for unsorted CIDs; rounded down to whole CIDs, at least one
     */
    public CidSorter(Path tempDir, int bufferBytes) {
        this.tempDir = tempDir;
        this.buffer = new byte[Math.max(CID_BYTES, bufferBytes / CID_BYTES * CID_BYTES)];
    }

    /** Adds a CID (duplicates are dropped when draining). */
    public void add(Cid cid) throws IOException {
        if (drained) throw new IllegalStateException("already drained");
        byte[] b = cid.toBytes();
        if (b.length != CID_BYTES || b[1] != 0x55) throw new IllegalArgumentException("not a raw-block SHA2-256 CIDv1: " + cid);
        if (used == buffer.length) spill();
        System.arraycopy(b, 0, buffer, used, CID_BYTES);
        used += CID_BYTES;
        added++;
    }

    /** CIDs added, duplicates included. */
    public long added() {
        return added;
    }

    /** Hands every distinct CID to {@code sink}, sorted; returns how many. Once only. */
    public long drain(Sink sink) throws IOException {
        if (drained) throw new IllegalStateException("already drained");
        drained = true;
        int n = sortBuffer();
        if (runs.isEmpty()) {
            long out = 0;
            for (int i = 0; i < n; i++) {
                sink.accept(Cid.fromBytes(Arrays.copyOfRange(buffer, i * CID_BYTES, (i + 1) * CID_BYTES)));
                out++;
            }
            return out;
        }
        if (n > 0) writeRun(n);
        return merge(sink);
    }

    private void spill() throws IOException {
        writeRun(sortBuffer());
        used = 0;
    }

    /** Sorts the buffered CIDs in place and removes duplicates; returns how many remain. */
    private int sortBuffer() {
        int n = used / CID_BYTES;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(buffer, a * CID_BYTES, (a + 1) * CID_BYTES, buffer, b * CID_BYTES, (b + 1) * CID_BYTES));
        byte[] sorted = new byte[n * CID_BYTES];
        int out = 0;
        for (int i = 0; i < n; i++) {
            int from = order[i] * CID_BYTES;
            if (out > 0 && Arrays.equals(sorted, (out - 1) * CID_BYTES, out * CID_BYTES, buffer, from, from + CID_BYTES)) continue;
            System.arraycopy(buffer, from, sorted, out * CID_BYTES, CID_BYTES);
            out++;
        }
        System.arraycopy(sorted, 0, buffer, 0, out * CID_BYTES);
        used = out * CID_BYTES;
        return out;
    }

    private void writeRun(int n) throws IOException {
        if (dir == null) {
            Files.createDirectories(tempDir);
            dir = Files.createTempDirectory(tempDir, "cid-sort-");
        }
        Path run = dir.resolve("run-" + runs.size());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(run), 1 << 16)) {
            out.write(buffer, 0, n * CID_BYTES);
        }
        runs.add(run);
    }

    private long merge(Sink sink) throws IOException {
        List<RunReader> readers = new ArrayList<>();
        PriorityQueue<RunReader> heads = new PriorityQueue<>((a, b) -> Arrays.compareUnsigned(a.current, b.current));
        try {
            for (Path run : runs) {
                RunReader r = new RunReader(Files.newInputStream(run));
                readers.add(r);
                if (r.next()) heads.add(r);
            }
            byte[] last = null;
            long out = 0;
            while (!heads.isEmpty()) {
                RunReader r = heads.poll();
                if (last == null || !Arrays.equals(last, r.current)) {
                    last = r.current.clone();
                    sink.accept(Cid.fromBytes(last));
                    out++;
                }
                if (r.next()) heads.add(r);
            }
            return out;
        } finally {
            for (RunReader r : readers) r.in.close();
        }
    }

    @Override
    public void close() throws IOException {
        for (Path run : runs) Files.deleteIfExists(run);
        runs.clear();
        if (dir != null) Files.deleteIfExists(dir);
    }

    private static final class RunReader {
        final DataInputStream in;
        final byte[] current = new byte[CID_BYTES];

        RunReader(InputStream raw) {
            this.in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
        }

        boolean next() throws IOException {
            try {
                in.readFully(current);
                return true;
            } catch (EOFException e) {
                return false;
            }
        }
    }
}
