package io.phoenix.protocol.exchange.mapped;

import io.phoenix.protocol.spill.Unmapper;
import io.phoenix.protocol.exchange.PositionSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A {@link PositionSet} in a temporary, memory-mapped file of {@code ceil(size / 8)} bytes (the wire's
 * bit order), so that the positions of a 20-million-block index cost 2.5 MB of page cache and no
 * heap. The file is created sparse (all clear), never fsynced, and deleted by {@link #close}: it is
 * rebuilt from the store at every fetch, so a crash only leaves a file the next start deletes
 * (see {@link #factory}). Thread-safe (every method takes the set's lock, so nothing touches the
 * mapping after {@link #close} unmaps it).
 */
public final class MappedPositions implements PositionSet {
    /** Largest set: the index limit of a manifest (20,000 pages of 16,384 entries) fits many times over. */
    public static final long MAX_SIZE = (long) Integer.MAX_VALUE * 8;

    private final long size;
    private final Path file;
    private MappedByteBuffer map;
    private long count;

    private MappedPositions(long size, Path file, MappedByteBuffer map) {
        this.size = size;
        this.file = file;
        this.map = map;
    }

    /** A new, empty set of {@code size} positions in a new file in {@code dir}. */
    public static MappedPositions create(Path dir, long size) throws IOException {
        if (size < 0 || size > MAX_SIZE) throw new IllegalArgumentException("position set of " + size);
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "positions-", ".bits");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long bytes = Math.max(1, (size + 7) / 8);
            return new MappedPositions(size, file, ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Mapped sets in {@code dir} for sizes above {@code heapUpTo}, in-heap sets below (a bitmap of
     * at most {@code heapUpTo / 8} bytes). A file that cannot be created fails the caller with an
     * {@link UncheckedIOException}.
     */
    public static PositionSet.Factory factory(Path dir, long heapUpTo) {
        PositionSet.Factory heap = PositionSet.inHeap();
        return size -> {
            if (size <= heapUpTo) return heap.create(size);
            try {
                return create(dir, size);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a position set in " + dir + ": " + e.getMessage(), e);
            }
        };
    }

    private MappedByteBuffer map() {
        if (map == null) throw new IllegalStateException("position set " + file + " is closed");
        return map;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public synchronized boolean contains(long position) {
        if (position < 0 || position >= size) return false;
        return (map().get((int) (position >>> 3)) & (1 << (position & 7))) != 0;
    }

    @Override
    public synchronized boolean add(long position) {
        if (position < 0 || position >= size) return false;
        int at = (int) (position >>> 3);
        byte b = map().get(at);
        byte bit = (byte) (1 << (position & 7));
        if ((b & bit) != 0) return false;
        map.put(at, (byte) (b | bit));
        count++;
        return true;
    }

    @Override
    public synchronized boolean remove(long position) {
        if (position < 0 || position >= size) return false;
        int at = (int) (position >>> 3);
        byte b = map().get(at);
        byte bit = (byte) (1 << (position & 7));
        if ((b & bit) == 0) return false;
        map.put(at, (byte) (b & ~bit));
        count--;
        return true;
    }

    @Override
    public synchronized long count() {
        map();
        return count;
    }

    @Override
    public synchronized void addBitmap(long firstByte, byte[] bitmap) {
        MappedByteBuffer m = map();
        long bytes = (size + 7) / 8;
        for (int i = 0; i < bitmap.length && firstByte + i < bytes; i++) {
            int add = bitmap[i] & 0xFF;
            if (add == 0) continue;
            int at = (int) (firstByte + i);
            if (at == bytes - 1 && size % 8 != 0) add &= (1 << (size % 8)) - 1; // no bits past the end
            int old = m.get(at) & 0xFF;
            int now = old | add;
            if (now != old) {
                m.put(at, (byte) now);
                count += Integer.bitCount(now) - Integer.bitCount(old);
            }
        }
    }

    @Override
    public synchronized void copyBitmap(long firstByte, byte[] dst) {
        MappedByteBuffer m = map();
        long bytes = (size + 7) / 8;
        Arrays.fill(dst, (byte) 0);
        int n = (int) Math.max(0, Math.min(dst.length, bytes - firstByte));
        if (n > 0) m.get((int) firstByte, dst, 0, n);
    }

    @Override
    public synchronized void close() {
        if (map == null) return;
        Unmapper.unmap(map);
        map = null;
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file: the next start clears the directory
        }
    }

    @Override
    public String toString() {
        return "MappedPositions[" + file.getFileName() + ", " + size + " positions]";
    }
}
