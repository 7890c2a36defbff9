package io.phoenix.bridge.car;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.CorruptBlockException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each block of one CAR file lies. Building it reads the whole file once and verifies every
 * block (so a file with one bad block is refused as a whole); reads re-verify. Holds CIDs and
 * offsets only, never block bytes.
 */
public final class CarIndex {
    private record Entry(long offset, int length) {}

    private final Path file;
    private final CarHeader header;
    private final Map<Cid, Entry> entries;
    private final long size;

    private CarIndex(Path file, CarHeader header, Map<Cid, Entry> entries, long size) {
        this.file = file;
        this.header = header;
        this.entries = entries;
        this.size = size;
    }

    /** Reads and verifies {@code file}; a malformed file or a bad block is a {@link FormatException} naming the offset. */
    public static CarIndex build(Path file) throws IOException {
        Map<Cid, Entry> entries = new HashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            CarReader r = CarReader.open(in);
            CarSection s;
            while ((s = r.next()) != null) {
                entries.putIfAbsent(s.cid(), new Entry(s.dataOffset(), s.data().length));
            }
            return new CarIndex(file, r.header(), entries, r.offset());
        } catch (FormatException e) {
            throw new FormatException(file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public CarHeader header() {
        return header;
    }

    public boolean has(Cid cid) {
        return entries.containsKey(cid);
    }

    public int blockCount() {
        return entries.size();
    }

    public long size() {
        return size;
    }

    /** The verified block, read from the file. */
    public byte[] read(Cid cid) throws IOException {
        Entry e = entries.get(cid);
        if (e == null) throw new BlockNotFoundException(cid);
        ByteBuffer buf = ByteBuffer.allocate(e.length());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buf.hasRemaining()) {
                if (ch.read(buf, e.offset() + buf.position()) < 0) throw new CorruptBlockException(cid, "CAR file " + file + " shrank");
            }
        }
        byte[] data = buf.array();
        if (!cid.verifies(data)) throw new CorruptBlockException(cid, "CAR file " + file + " changed since it was indexed");
        return data;
    }
}
