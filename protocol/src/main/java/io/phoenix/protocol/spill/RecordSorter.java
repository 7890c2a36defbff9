package io.phoenix.protocol.spill;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts fixed-size records by a key (their first {@code keyBytes} bytes, compared unsigned) in
 * bounded memory, keeping the first record added for each key. Records are packed into one buffer;
 * a full buffer is sorted (stable) and written as a run file into the given directory. The runs are
 * merged at most {@link #FAN_IN} at a time (so merging never holds more than {@code FAN_IN} read
 * buffers, whatever the number of records), into one {@link SortedRecords} file ({@link #finish}) or
 * into a {@link Sink} ({@link #drain}). The one external sort of the code base: the snapshot
 * engine's referenced blocks and verify ({@link CidSorter}), the pack store's index rebuild and the
 * bridges all use it.
 * Memory is the buffer, 12 bytes per buffered record while sorting it, and
 * {@code FAN_IN × 64 KiB} while merging. Not thread-safe.
 *
 * <p>Run and result files are temporary (the caller's scratch directory): records back to back, no
 * header; a run is never read by another process.
 */
public final class RecordSorter implements Closeable {
    /** Most runs merged in one pass. */
    public static final int FAN_IN = 64;
    private static final int IO_BUFFER = 64 << 10;

    /** Receives records in key order. The array is reused for the next record: copy what you keep. */
    public interface Sink {
        void accept(byte[] record) throws IOException;
    }

    private final Path dir;
    private final int recordBytes;
    private final int keyBytes;
    private final byte[] buffer;
    private final int capacity;
    private final List<Path> runs = new ArrayList<>();
    private int used;
    private long added;
    private int nextRun;
    private boolean finished;

    /**
     * @param dir         the directory for the run files (one sorter's runs per directory; created
     *                    when the first run is written)
     * @param recordBytes size of every record
     * @param keyBytes    the key is the record's first {@code keyBytes} bytes
     * @param bufferBytes memory for unsorted records, rounded down to whole records (at least 2)
     */
    public RecordSorter(Path dir, int recordBytes, int keyBytes, int bufferBytes) {
        if (keyBytes < 1 || keyBytes > recordBytes) throw new IllegalArgumentException("key of " + keyBytes + " bytes in a record of " + recordBytes);
        this.dir = dir;
        this.recordBytes = recordBytes;
        this.keyBytes = keyBytes;
        this.capacity = Math.max(2, bufferBytes / recordBytes);
        this.buffer = new byte[capacity * recordBytes];
    }

    /** Adds the record {@code src[off, off + recordBytes)}. */
    public void add(byte[] src, int off) throws IOException {
        if (finished) throw new IllegalStateException("already finished");
        if (used == capacity) {
            writeRun(sortedOrder());
            used = 0;
        }
        System.arraycopy(src, off, buffer, used * recordBytes, recordBytes);
        used++;
        added++;
    }

    public void add(byte[] record) throws IOException {
        if (record.length != recordBytes) throw new IllegalArgumentException("record of " + record.length + " bytes, expected " + recordBytes);
        add(record, 0);
    }

    /** Records added so far, duplicate keys included. */
    public long added() {
        return added;
    }

    /** Run files written so far (0 while everything fits in the buffer). */
    public int runs() {
        return nextRun;
    }

    /**
     * Merges everything into {@code target} (sorted, one record per key: the first added) and opens
     * it. The file is written beside {@code target} and renamed over it, so a mapping of an older
     * {@code target} stays valid. Once only (this or {@link #drain}).
     */
    public SortedRecords finish(Path target) throws IOException {
        if (finished) throw new IllegalStateException("already finished");
        Path written = target.resolveSibling(target.getFileName() + ".new");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(written), IO_BUFFER)) {
            drain(out::write);
        }
        Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return SortedRecords.open(target, recordBytes, keyBytes);
    }

    /**
     * Hands every record to {@code sink} in key order, one per key (the first added), and returns
     * how many; the runs are merged {@link #FAN_IN} at a time until at most that many are left, whose
     * merge streams to the sink. Once only (this or {@link #finish}).
     */
    public long drain(Sink sink) throws IOException {
        if (finished) throw new IllegalStateException("already finished");
        finished = true;
        int[] order = sortedOrder();
        if (runs.isEmpty()) {
            byte[] record = new byte[recordBytes];
            for (int i : order) {
                System.arraycopy(buffer, i * recordBytes, record, 0, recordBytes);
                sink.accept(record);
            }
            return order.length;
        }
        if (order.length > 0) writeRun(order);
        while (runs.size() > FAN_IN) {
            List<Path> next = new ArrayList<>();
            for (int i = 0; i < runs.size(); i += FAN_IN) {
                Path merged = dir.resolve("run-" + nextRun++);
                List<Path> group = runs.subList(i, Math.min(runs.size(), i + FAN_IN));
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(merged), IO_BUFFER)) {
                    merge(group, out::write);
                }
                for (Path p : group) Files.deleteIfExists(p);
                next.add(merged);
            }
            runs.clear();
            runs.addAll(next);
        }
        long n = merge(runs, sink);
        close();
        return n;
    }

    /** The buffered records' numbers in key order (stable), the first of each key only. */
    private int[] sortedOrder() {
        int n = used;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        mergeSort(order, new int[n], 0, n);
        int out = 0;
        for (int i = 0; i < n; i++) {
            if (out > 0 && compare(order[out - 1], order[i]) == 0) continue;
            order[out++] = order[i];
        }
        return Arrays.copyOf(order, out);
    }

    /** Writes the buffered records in {@code order} to {@code file}. */
    private void write(int[] order, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), IO_BUFFER)) {
            for (int i : order) out.write(buffer, i * recordBytes, recordBytes);
        }
    }

    /** Stable merge sort of record numbers by key (equal keys keep the order they were added in). */
    private void mergeSort(int[] a, int[] tmp, int from, int to) {
        if (to - from < 2) return;
        if (to - from <= 16) { // insertion sort: stable
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid);
        mergeSort(a, tmp, mid, to);
        if (compare(a[mid - 1], a[mid]) <= 0) return;
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from, j = mid, k = from;
        while (i < mid && j < to) a[k++] = compare(tmp[j], tmp[i]) < 0 ? tmp[j++] : tmp[i++];
        while (i < mid) a[k++] = tmp[i++];
        while (j < to) a[k++] = tmp[j++];
    }

    private int compare(int a, int b) {
        return Arrays.compareUnsigned(buffer, a * recordBytes, a * recordBytes + keyBytes, buffer, b * recordBytes, b * recordBytes + keyBytes);
    }

    private void writeRun(int[] order) throws IOException {
        if (runs.isEmpty()) Files.createDirectories(dir);
        Path run = dir.resolve("run-" + nextRun++);
        write(order, run);
        runs.add(run);
    }

    /** Merges sorted runs (earlier runs hold earlier records: they win a tie) into {@code sink}, one record per key. */
    private long merge(List<Path> group, Sink sink) throws IOException {
        List<RunReader> readers = new ArrayList<>();
        PriorityQueue<RunReader> heads = new PriorityQueue<>((a, b) -> {
            int c = Arrays.compareUnsigned(a.current, 0, keyBytes, b.current, 0, keyBytes);
            return c != 0 ? c : Integer.compare(a.order, b.order);
        });
        try {
            for (int i = 0; i < group.size(); i++) {
                RunReader r = new RunReader(group.get(i), i, recordBytes);
                readers.add(r);
                if (r.next()) heads.add(r);
            }
            byte[] last = new byte[recordBytes];
            long out = 0;
            while (!heads.isEmpty()) {
                RunReader r = heads.poll();
                if (out == 0 || !Arrays.equals(last, 0, keyBytes, r.current, 0, keyBytes)) {
                    System.arraycopy(r.current, 0, last, 0, recordBytes);
                    sink.accept(last);
                    out++;
                }
                if (r.next()) heads.add(r);
            }
            return out;
        } finally {
            for (RunReader r : readers) r.in.close();
        }
    }

    /** Deletes every run file (the result of {@link #finish} is the caller's). */
    @Override
    public void close() throws IOException {
        for (Path run : runs) Files.deleteIfExists(run);
        runs.clear();
    }

    private static final class RunReader {
        final DataInputStream in;
        final int order;
        final byte[] current;

        RunReader(Path run, int order, int recordBytes) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), IO_BUFFER));
            this.order = order;
            this.current = new byte[recordBytes];
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
