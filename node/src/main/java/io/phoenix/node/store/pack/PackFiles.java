package io.phoenix.node.store.pack;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append-only pack files of the pack store ({@code packs/<8 hex digits>.pack}). Layout
 * (docs/storage.md, "Pack store"): an 8-byte header, magic "PXPK" and u32 version 1, then entries
 * {@code u8 n ‖ CID (n bytes) ‖ u32 length ‖ block bytes}, big-endian. A process never appends to
 * a pack an earlier process wrote: every open starts a new pack, and first cuts every pack back to
 * the end the {@link PackLedger} records (deleting packs it does not know), which gives back what a
 * killed or failed writer appended but never indexed. Writers reserve space under a short lock and
 * write outside it; {@link #syncWritten} makes everything written so far durable.
 */
final class PackFiles implements Closeable {
    static final int HEADER = 8;
    private static final int MAGIC = 0x5058504b; // "PXPK"
    private static final int VERSION = 1;
    private static final int MAX_OPEN = 128;

    private final Path dir;
    private final long maxPackBytes;
    private final Map<Integer, Path> paths = new ConcurrentHashMap<>();
    /** Open channels by pack number, least recently used first (guarded by itself). */
    private final LinkedHashMap<Integer, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true);
    private volatile int current;
    private FileChannel currentChannel;
    private long currentEnd;
    /** Packs written since the last sync (changed under this; read by {@link #evict} without it). */
    private final Map<Integer, FileChannel> unsynced = new ConcurrentHashMap<>();
    private boolean newPackSinceSync;
    private final PackLedger ledger;
    private final int removedAtOpen;
    private final long bytesReclaimed;
    private final boolean ledgerRecreated;

    /** Where one entry goes: {@link #write} it there. */
    record Reservation(int pack, FileChannel channel, long position) {}

    /**
     * Opens the packs in {@code dir}, first cutting each back to the end the ledger records (and
     * deleting packs it does not know). {@code indexed} says whether the index holds runs: a ledger
     * missing beside an index is damage, not a new store, so then nothing is cut and a new ledger
     * recording every pack's present size is written first (see {@link #ledgerRecreated}).
     */
    PackFiles(Path dir, long maxPackBytes, boolean indexed) throws IOException {
        this.dir = dir;
        this.maxPackBytes = maxPackBytes;
        Files.createDirectories(dir);
        this.ledger = new PackLedger(dir.resolve("ledger"));
        Files.deleteIfExists(ledger.temp()); // a rewrite a crash interrupted; the ledger itself is whole
        PackLedger.Contents contents = ledger.readAll();
        Map<Integer, Long> ends = contents.state() == PackLedger.State.DAMAGED ? null : contents.ends();
        if (contents.state() == PackLedger.State.MISSING && indexed) {
            // the index reaches into packs the ledger would have named: keep every byte, and record it
            Map<Integer, Long> sizes = sizes(dir);
            ledger.rewrite(sizes);
            ends = sizes;
        }
        this.ledgerRecreated = contents.state() == PackLedger.State.MISSING && indexed;
        int highest = 0;
        int removed = 0;
        long cut = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                int n = parseName(f.getFileName().toString());
                if (n <= 0) continue;
                highest = Math.max(highest, n);
                long size = Files.size(f);
                Long end = ends == null ? Long.valueOf(size) : ends.get(n);
                if (end == null) {
                    // no flush ever indexed anything in it: written by a process that failed or was killed
                    Files.deleteIfExists(f);
                    removed++;
                    cut += size;
                } else if (size > end) {
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        ch.truncate(end); // the unindexed tail a failed or killed writer left
                        ch.force(false);
                    }
                    cut += size - end;
                }
            }
        }
        if (removed > 0) syncDirectory(dir);
        this.removedAtOpen = removed;
        this.bytesReclaimed = cut;
        this.current = highest; // the next reservation creates pack highest + 1
    }

    /** Every pack file's number and present size, by number. */
    static NavigableMap<Integer, Long> sizes(Path dir) throws IOException {
        NavigableMap<Integer, Long> sizes = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                int n = parseName(f.getFileName().toString());
                if (n > 0) sizes.put(n, Files.size(f));
            }
        }
        return sizes;
    }

    /** Whether open found the ledger missing beside an index and wrote a new one from the packs' sizes. */
    boolean ledgerRecreated() {
        return ledgerRecreated;
    }

    /** Records, durably, how far the index is about to reach into each pack. */
    void recordIndexedEnds(Map<Integer, Long> ends) throws IOException {
        ledger.append(ends);
    }

    /** Bytes of unindexed pack tails (and unindexed packs) that {@link PackFiles} cut off at open. */
    long bytesReclaimed() {
        return bytesReclaimed;
    }

    static String name(int pack) {
        return String.format("%08x.pack", pack);
    }

    /** The pack number in a pack file name, or -1. */
    static int parseName(String name) {
        if (!name.matches("[0-9a-f]{8}\\.pack")) return -1;
        return (int) Long.parseLong(name.substring(0, 8), 16);
    }

    /** The pack's path (cached: every lookup checks that its pack still exists). */
    Path fileOf(int pack) {
        return paths.computeIfAbsent(pack, p -> dir.resolve(name(p)));
    }

    /** Whether the pack file is on disk (someone may have removed it; then its blocks are absent). */
    boolean exists(int pack) {
        return Files.exists(fileOf(pack));
    }

    /** Packs deleted at open because nothing in them was ever indexed. */
    int removedAtOpen() {
        return removedAtOpen;
    }

    /** Reserves room for an entry of {@code bytes} bytes, starting a new pack when the current one is full. */
    synchronized Reservation reserve(int bytes) throws IOException {
        if (currentChannel == null || (currentEnd + bytes > maxPackBytes && currentEnd > HEADER)) {
            int next = current + 1;
            Path file = fileOf(next);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(VERSION).flip();
                while (header.hasRemaining()) ch.write(header, header.position());
            } catch (IOException e) {
                ch.close();
                Files.deleteIfExists(file);
                throw e;
            }
            current = next;
            currentChannel = ch;
            currentEnd = HEADER;
            newPackSinceSync = true;
            synchronized (open) {
                open.put(next, ch);
            }
        }
        Reservation r = new Reservation(current, currentChannel, currentEnd);
        currentEnd += bytes;
        unsynced.putIfAbsent(current, currentChannel);
        return r;
    }

    /**
     * Writes {@code entry} (position to limit) at the reservation. One write at a time per pack:
     * the kernel serialises writes to one file on its inode lock, and writers queued there spin on
     * it; waiting on a lock of the pack parks them instead (as the restore writer does).
     */
    static void write(Reservation r, ByteBuffer entry) throws IOException {
        long at = r.position();
        ReentrantLock lock = WRITE_LOCKS[r.pack() & (WRITE_LOCKS.length - 1)];
        lock.lock();
        try {
            while (entry.hasRemaining()) at += r.channel().write(entry, at);
        } finally {
            lock.unlock();
        }
    }

    /** Striped by pack number: writers of one pack take the same lock. */
    private static final ReentrantLock[] WRITE_LOCKS = new ReentrantLock[16];

    static {
        for (int i = 0; i < WRITE_LOCKS.length; i++) WRITE_LOCKS[i] = new ReentrantLock();
    }

    /** fdatasyncs every pack written since the last call and, if packs were created, the directory. */
    void syncWritten() throws IOException {
        List<Map.Entry<Integer, FileChannel>> toSync;
        boolean syncDir;
        synchronized (this) {
            toSync = new ArrayList<>(unsynced.entrySet());
            syncDir = newPackSinceSync;
        }
        for (Map.Entry<Integer, FileChannel> e : toSync) e.getValue().force(false);
        if (syncDir) syncDirectory(dir);
        synchronized (this) {
            for (Map.Entry<Integer, FileChannel> e : toSync) {
                if (e.getKey() != current) unsynced.remove(e.getKey());
            }
            if (syncDir) newPackSinceSync = false;
        }
    }

    /**
     * Reads {@code length} bytes at {@code offset} of pack {@code pack} into {@code into[0, length)};
     * returns how many were there (fewer at the end of a cut-off pack), or -1 when the pack file is missing.
     */
    int read(int pack, long offset, int length, byte[] into) throws IOException {
        for (int attempt = 0; ; attempt++) {
            FileChannel ch = channel(pack);
            if (ch == null) return -1;
            ByteBuffer buf = ByteBuffer.wrap(into, 0, length);
            try {
                long at = offset;
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, at);
                    if (n < 0) break;
                    at += n;
                }
            } catch (ClosedChannelException e) {
                if (attempt < 2) continue; // evicted from the cache by another thread: open it again
                throw e;
            }
            return buf.position();
        }
    }

    private FileChannel channel(int pack) throws IOException {
        synchronized (open) {
            FileChannel ch = open.get(pack);
            if (ch != null && ch.isOpen()) return ch;
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(fileOf(pack), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        }
        synchronized (open) {
            FileChannel raced = open.putIfAbsent(pack, ch);
            if (raced != null && raced.isOpen()) {
                ch.close();
                return raced;
            }
            open.put(pack, ch);
            evict();
        }
        return ch;
    }

    /** Closes the least recently used channels beyond {@link #MAX_OPEN}, never one still being written. */
    private void evict() throws IOException {
        Iterator<Map.Entry<Integer, FileChannel>> it = open.entrySet().iterator();
        while (open.size() > MAX_OPEN && it.hasNext()) {
            Map.Entry<Integer, FileChannel> e = it.next();
            if (e.getKey() == current || unsynced.containsKey(e.getKey())) continue;
            e.getValue().close();
            it.remove();
        }
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (open) {
            for (FileChannel ch : open.values()) ch.close();
            open.clear();
        }
    }
}
