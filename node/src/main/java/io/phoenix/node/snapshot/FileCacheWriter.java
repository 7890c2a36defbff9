package io.phoenix.node.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.zip.CRC32C;

/**
 * Writes the next file cache while the scan goes, in the scanner's order, to a temporary file that
 * {@link #commit} renames over the cache once the snapshot is published. The scanner reserves a
 * {@link Slot} per regular file in scan order; files complete out of order (a large file is read
 * while hundreds of unchanged ones are looked up), so filled slots wait in a queue until every
 * slot before them is filled, and only then are written. The queue is bounded: {@link #reserve}
 * waits while {@code maxQueued} slots are outstanding, which holds the scanner back behind a file
 * that takes long (its entries could not be written before it anyway). So the heap holds at most
 * {@code maxQueued} records, whatever the number of files.
 *
 * <p>A write error (a full disk) does not stop the snapshot: the slots are still drained, nothing
 * more is written, and {@link #finish} reports it (the cache is only an optimisation).
 */
public final class FileCacheWriter implements AutoCloseable {
    /** Slots outstanding at most in the engine: ~10 MiB of records for files of one chunk. */
    public static final int DEFAULT_MAX_QUEUED = 32_768;

    /** A regular file's place in the new cache, filled once when the file is done. */
    public final class Slot {
        private final byte[] key;
        private byte[] body;
        private boolean filled;

        private Slot(byte[] key) {
            this.key = key;
        }

        /** Records what the file was stored as; null: no record (it changed while read, or failed). Later calls are ignored. */
        public void fill(CachedFile file) {
            byte[] b = file == null ? null : file.encode();
            synchronized (FileCacheWriter.this) {
                if (filled) return;
                body = b;
                filled = true;
                drain();
            }
        }

        /** As {@link #fill} with a record's body as read from the previous cache. */
        void fillEncoded(byte[] encoded) {
            synchronized (FileCacheWriter.this) {
                if (filled) return;
                body = encoded;
                filled = true;
                drain();
            }
        }
    }

    private record Begin(String root) {}

    private static final Object END = new Object();

    private final Path tmp;
    private final FileChannel ch;
    private final FramedOutput out;
    private final Semaphore room;
    private final int maxQueued;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final List<FileCache.Section> toc = new ArrayList<>();
    private int queued, mostQueued;
    private String root;
    private long sectionAt, records, written;
    private byte[] lastKey;
    private IOException failed;

    /** Starts writing {@code file}'s successor to {@code file.tmp} (replacing a leftover one). */
    public FileCacheWriter(Path file, int maxQueued) throws IOException {
        Files.createDirectories(file.getParent());
        this.tmp = file.resolveSibling(file.getFileName() + ".tmp");
        this.ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        ByteBuffer head = ByteBuffer.allocate(FileCache.HEADER).put(FileCache.MAGIC).put((byte) FileCache.VERSION).flip();
        while (head.hasRemaining()) ch.write(head);
        this.out = new FramedOutput(ch);
        this.maxQueued = maxQueued;
        this.room = new Semaphore(maxQueued);
    }

    /** Starts the section of the source root {@code root} (an absolute path); keys below are relative to it. */
    public synchronized void beginSection(Path root) {
        queue.add(new Begin(root.toString()));
        drain();
    }

    /** Ends the current section. */
    public synchronized void endSection() {
        queue.add(END);
        drain();
    }

    /**
     * The slot of the next regular file in scan order, whose key ({@code /} as a 0 byte, below the
     * section's root) sorts after the previous one's. Waits while {@code maxQueued} slots are outstanding.
     */
    public Slot reserve(byte[] key) {
        room.acquireUninterruptibly();
        synchronized (this) {
            Slot s = new Slot(key);
            queue.add(s);
            queued++;
            mostQueued = Math.max(mostQueued, queued);
            return s;
        }
    }

    /** The most slots that were outstanding at once (for tests of the bound). */
    public synchronized int mostQueued() {
        return mostQueued;
    }

    /** Records written so far. */
    public synchronized long written() {
        return written;
    }

    private void drain() {
        while (!queue.isEmpty()) {
            Object head = queue.peek();
            if (head instanceof Slot s) {
                if (!s.filled) return;
                queue.poll();
                queued--;
                room.release();
                if (s.body != null) record(s.key, s.body);
            } else {
                queue.poll();
                if (head instanceof Begin b) begin(b.root());
                else end();
            }
        }
    }

    private void begin(String r) {
        if (failed != null) return;
        try {
            root = r;
            sectionAt = out.alignedPosition();
            records = 0;
            lastKey = null;
        } catch (IOException e) {
            failed = e;
        }
    }

    private void record(byte[] key, byte[] body) {
        if (failed != null || root == null) return;
        try {
            if (lastKey != null && Arrays.compareUnsigned(key, lastKey) <= 0) throw new IllegalStateException("cache keys out of scan order");
            int shared = 0;
            if (lastKey != null) {
                int max = Math.min(Math.min(key.length, lastKey.length), 0xffff);
                while (shared < max && key[shared] == lastKey[shared]) shared++;
            }
            out.write(1);
            out.writeShort(shared);
            out.writeShort(key.length - shared);
            out.write(key, shared, key.length - shared);
            out.writeInt(body.length);
            out.write(body, 0, body.length);
            lastKey = key;
            records++;
            written++;
        } catch (IOException e) {
            failed = e;
        }
    }

    private void end() {
        if (failed != null || root == null) return;
        try {
            out.write(0);
            toc.add(new FileCache.Section(root, sectionAt, records));
            root = null;
        } catch (IOException e) {
            failed = e;
        }
    }

    /**
     * Completes the new cache: carries over the previous cache's sections of roots outside every
     * root scanned now (so a run over one layer keeps the others' records), writes the table of
     * sections and the footer, fsyncs, and returns the temporary file for {@link #commit}. Every
     * slot must have been filled. Throws the first write error.
     */
    public synchronized Path finish(FileCache previous, List<Path> scannedRoots) throws IOException {
        if (!queue.isEmpty()) throw new IllegalStateException(queue.size() + " cache slots still outstanding");
        for (FileCache.Section s : previous.remaining()) {
            if (under(s.root(), scannedRoots)) continue;
            CacheCursor c = previous.cursor(s);
            begin(s.root());
            for (byte[][] r = c.next(); r != null; r = c.next()) record(r[0], r[1]);
            end();
        }
        if (failed != null) throw failed;
        long tocAt = out.alignedPosition();
        out.writeInt(toc.size());
        for (FileCache.Section s : toc) {
            byte[] r = s.root().getBytes(StandardCharsets.UTF_8);
            out.writeShort(r.length);
            out.write(r);
            out.writeLong(s.offset());
            out.writeLong(s.records());
        }
        out.end();
        ByteBuffer foot = ByteBuffer.allocate(FileCache.FOOTER).putLong(tocAt);
        CRC32C crc = new CRC32C();
        crc.update(foot.array(), 0, 8);
        foot.putInt((int) crc.getValue()).put(FileCache.FOOTER_MAGIC).flip();
        while (foot.hasRemaining()) ch.write(foot);
        ch.force(true);
        ch.close();
        return tmp;
    }

    private static boolean under(String path, List<Path> roots) {
        Path p = Path.of(path);
        for (Path r : roots) if (p.startsWith(r)) return true;
        return false;
    }

    /** {@code tmp} (from {@link #finish}) replaces {@code file} atomically; the directory is synced so the rename lasts. */
    public static void commit(Path tmp, Path file) throws IOException {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // some filesystems refuse to sync a directory; the rename is atomic either way
        }
    }

    /** Closes the file; the temporary file stays unless it was committed (the next run overwrites it). */
    @Override
    public void close() throws IOException {
        if (ch.isOpen()) ch.close();
    }
}
