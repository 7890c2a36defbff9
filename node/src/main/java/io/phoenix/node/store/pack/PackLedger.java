package io.phoenix.node.store.pack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * or failed writer appended but never indexed, so that space is given back.
 */
final class PackLedger {
    private static final int RECORD = 16;
    private final Path file;

    PackLedger(Path file) {
        this.file = file;
    }

    /** Highest recorded end per pack, or null when the ledger is damaged (then nothing may be cut). */
    Map<Integer, Long> read() throws IOException {
        Map<Integer, Long> ends = new HashMap<>();
        if (!Files.exists(file)) return ends;
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all);
        CRC32C crc = new CRC32C();
        int whole = all.length / RECORD * RECORD; // a torn last record is a crash during its append
        for (int at = 0; at < whole; at += RECORD) {
            crc.reset();
            crc.update(all, at, 12);
            if ((int) crc.getValue() != b.getInt(at + 12)) return null;
            ends.merge(b.getInt(at), b.getLong(at + 4), Math::max);
        }
        return ends;
    }

    /** Appends one record per pack and fsyncs. */
    void append(Map<Integer, Long> ends) throws IOException {
        if (ends.isEmpty()) return;
        ByteBuffer b = ByteBuffer.allocate(ends.size() * RECORD);
        CRC32C crc = new CRC32C();
        for (Map.Entry<Integer, Long> e : ends.entrySet()) {
            int at = b.position();
            b.putInt(e.getKey()).putLong(e.getValue());
            crc.reset();
            crc.update(b.array(), at, 12);
            b.putInt((int) crc.getValue());
        }
        b.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long size = ch.size();
            if (size % RECORD != 0) ch.truncate(size / RECORD * RECORD); // drop a record torn by a crash
            while (b.hasRemaining()) ch.write(b);
            ch.force(false);
        }
    }
}
