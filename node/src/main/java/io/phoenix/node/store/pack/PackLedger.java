package io.phoenix.node.store.pack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * {@code packs/ledger}: how far into each pack the index reaches. Before a flush writes its index
 * run it appends, and fsyncs, one record per pack the batch touched: u32 pack, u64 end (the end of
 * the batch's last entry in that pack), u32 CRC32C of those 12 bytes, big-endian. A crash after the
 * ledger append but before the run leaves the ledger ahead of the index (harmless: some garbage is
 * kept); the ledger is never behind it. {@link PackFiles} uses it at open to cut off what a killed
 * or failed writer appended but never indexed, so that space is given back. {@link #rewrite}
 * replaces it whole (temp file, fsync, rename) when it was found damaged or missing.
 */
final class PackLedger {
    private static final int RECORD = 16;
    private final Path file;

    /** Whether the ledger can be trusted. */
    enum State {
        /** Every whole record passes its CRC (a torn last record is a crash during its append, not damage). */
        INTACT,
        /** The file does not exist. */
        MISSING,
        /** A record before the last fails its CRC: what it said is unknown. */
        DAMAGED
    }

    /** Highest recorded end per pack among the records that pass their CRC, and whether every record did. */
    record Contents(Map<Integer, Long> ends, State state) {}

    PackLedger(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Highest recorded end per pack, or null when the ledger is damaged (then nothing may be cut). */
    Map<Integer, Long> read() throws IOException {
        Contents c = readAll();
        return c.state() == State.DAMAGED ? null : c.ends();
    }

    /** Every record that passes its CRC, and the ledger's state. */
    Contents readAll() throws IOException {
        Map<Integer, Long> ends = new HashMap<>();
        if (!Files.exists(file)) return new Contents(ends, State.MISSING);
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all);
        CRC32C crc = new CRC32C();
        int whole = all.length / RECORD * RECORD; // a torn last record is a crash during its append
        State state = State.INTACT;
        for (int at = 0; at < whole; at += RECORD) {
            crc.reset();
            crc.update(all, at, 12);
            if ((int) crc.getValue() != b.getInt(at + 12)) {
                state = State.DAMAGED;
                continue;
            }
            ends.merge(b.getInt(at), b.getLong(at + 4), Math::max);
        }
        return new Contents(ends, state);
    }

    /** Whether the ledger holds at least one record (some flush reached the point of writing a run). */
    boolean hasRecords() throws IOException {
        return Files.exists(file) && Files.size(file) >= RECORD;
    }

    /** Appends one record per pack and fsyncs. */
    void append(Map<Integer, Long> ends) throws IOException {
        if (ends.isEmpty()) return;
        ByteBuffer b = encode(ends);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long size = ch.size();
            if (size % RECORD != 0) ch.truncate(size / RECORD * RECORD); // drop a record torn by a crash
            while (b.hasRemaining()) ch.write(b);
            ch.force(false);
        }
    }

    /**
     * Replaces the ledger with one record per pack: written to {@code ledger.tmp}, fsynced, renamed
     * over the ledger, directory fsynced. A crash leaves the old ledger or the new one, and at most
     * a {@code ledger.tmp} that {@link PackFiles} deletes at open.
     */
    void rewrite(Map<Integer, Long> ends) throws IOException {
        Path temp = temp();
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = encode(ends);
                while (b.hasRemaining()) ch.write(b);
                ch.force(false);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        PackFiles.syncDirectory(file.getParent());
    }

    /** Where {@link #rewrite} writes before its rename. */
    Path temp() {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    private static ByteBuffer encode(Map<Integer, Long> ends) {
        ByteBuffer b = ByteBuffer.allocate(ends.size() * RECORD);
        CRC32C crc = new CRC32C();
        for (Map.Entry<Integer, Long> e : ends.entrySet()) {
            int at = b.position();
            b.putInt(e.getKey()).putLong(e.getValue());
            crc.reset();
            crc.update(b.array(), at, 12);
            b.putInt((int) crc.getValue());
        }
        return b.flip();
    }
}
