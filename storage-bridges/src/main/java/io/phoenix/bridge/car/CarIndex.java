package io.phoenix.bridge.car;

import io.phoenix.protocol.spill.CidKey;
import io.phoenix.protocol.spill.RecordSorter;
import io.phoenix.protocol.spill.SortedRecords;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.CorruptBlockException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where each block of one CAR file lies, on disk: building it reads the whole file once and
 * verifies every block (so a file with one bad block is refused as a whole), and files a record
 * per block, {@code key (36 bytes, see CidKey) ‖ data offset (u64 BE) ‖ length (u32 BE)}, sorted by
 * key into a file in the caller's directory (the first section wins when a block appears twice).
 * Lookups are binary searches in that file's memory mapping (unmapped by {@link #close}); reads
 * re-verify. The heap holds a
 * sorter's buffer while building and a few objects afterwards, whatever the number of blocks.
 * Blocks whose multihash is not sha2-256 are verified but not indexed (no Phoenix snapshot has one).
 */
public final class CarIndex implements Closeable {
    static final int RECORD = CidKey.BYTES + 8 + 4;
    /** Memory for unsorted records while building. */
    static final int SORT_BUFFER = 4 << 20;

    private final Path file;
    private final CarHeader header;
    private final SortedRecords records;
    private final long size;

    private CarIndex(Path file, CarHeader header, SortedRecords records, long size) {
        this.file = file;
        this.header = header;
        this.records = records;
        this.size = size;
    }

    /**
     * Reads and verifies {@code file}, writing the index to {@code target} (its runs go to a
     * directory beside it, deleted when done); a malformed file or a bad block is a
     * {@link FormatException} naming the offset.
     */
    public static CarIndex build(Path file, Path target) throws IOException {
        Path runs = Files.createDirectories(target.resolveSibling(target.getFileName() + ".runs"));
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
             RecordSorter sorter = new RecordSorter(runs, RECORD, CidKey.BYTES, SORT_BUFFER)) {
            CarReader r = CarReader.open(in);
            byte[] record = new byte[RECORD];
            ByteBuffer tail = ByteBuffer.wrap(record);
            CarSection s;
            while ((s = r.next()) != null) {
                if (!CidKey.copy(s.cid(), record, 0)) continue;
                tail.putLong(CidKey.BYTES, s.dataOffset()).putInt(CidKey.BYTES + 8, s.data().length);
                sorter.add(record);
            }
            SortedRecords records = sorter.finish(target);
            Files.writeString(sizeFile(target), Long.toString(r.offset()));
            return new CarIndex(file, r.header(), records, r.offset());
        } catch (FormatException e) {
            throw new FormatException(file + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(runs);
        }
    }

    /**
     * Opens an index {@link #build} wrote to {@code target} earlier for {@code file}, or null when
     * there is none or the file's size changed since. Reads only the CAR's header.
     */
    public static CarIndex reopen(Path file, Path target) throws IOException {
        Path sizeFile = sizeFile(target);
        if (!Files.exists(target) || !Files.exists(sizeFile)) return null;
        long size = Long.parseLong(Files.readString(sizeFile).trim());
        if (Files.size(file) != size) return null;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new CarIndex(file, CarReader.open(in).header(), SortedRecords.open(target, RECORD, CidKey.BYTES), size);
        }
    }

    private static Path sizeFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".size");
    }

    public Path file() {
        return file;
    }

    public CarHeader header() {
        return header;
    }

    /** Distinct (sha2-256) blocks in the file. */
    public long blockCount() {
        return records.count();
    }

    /** Bytes of the file that were indexed. */
    public long size() {
        return size;
    }

    /** A presence check for one thread that is fast when CIDs come in ascending order (a Phoenix index page). */
    public SortedRecords.Cursor cursor() {
        return records.cursor();
    }

    /** Unmaps the index (its file is the caller's); no lookup or read may run during or after it. */
    @Override
    public void close() {
        records.close();
    }

    /** Reads blocks through one open file (an import; the CAR bridge's open files). */
    public Reader reader() throws IOException {
        return new Reader(FileChannel.open(file, StandardOpenOption.READ));
    }

    /** See {@link #reader()}. Safe for several threads; close it when done. */
    public final class Reader implements Closeable {
        private final FileChannel channel;

        private Reader(FileChannel channel) {
            this.channel = channel;
        }

        /** The verified block. */
        public byte[] read(Cid cid) throws IOException {
            byte[] data = readIfPresent(cid);
            if (data == null) throw new BlockNotFoundException(cid);
            return data;
        }

        /** The verified block, or null when the file does not hold it (one lookup). */
        public byte[] readIfPresent(Cid cid) throws IOException {
            byte[] key = CidKey.of(cid);
            long at = key == null ? -1 : records.find(key);
            if (at < 0) return null;
            byte[] record = new byte[RECORD];
            records.read(at, record);
            ByteBuffer tail = ByteBuffer.wrap(record, CidKey.BYTES, 12);
            long offset = tail.getLong();
            ByteBuffer buf = ByteBuffer.allocate(tail.getInt());
            while (buf.hasRemaining()) {
                if (channel.read(buf, offset + buf.position()) < 0) throw new CorruptBlockException(cid, "CAR file " + file + " shrank");
            }
            byte[] data = buf.array();
            if (!cid.verifies(data)) throw new CorruptBlockException(cid, "CAR file " + file + " changed since it was indexed");
            return data;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
