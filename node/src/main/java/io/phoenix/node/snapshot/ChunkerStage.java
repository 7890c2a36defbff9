package io.phoenix.node.snapshot;

import io.phoenix.protocol.chunk.Chunker;
import io.phoenix.protocol.tree.ChunkRef;
import io.phoenix.protocol.tree.FileDigest;
import io.phoenix.protocol.tree.FileEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Pipeline stage 3: reads one changed file and cuts it into content-defined chunks
 * ({@link Chunker#nextBoundary}), handing each to the {@link BlockSaver} (which works on other
 * threads, so one large file still keeps every core busy). The file's stat is taken again after the
 * read; when size, mtime, ctime or inode moved, the file changed while being read and is read again
 * (up to {@link #MAX_READS} times, then stored as last read and reported). Bytes in flight between
 * reading and storing are bounded: chunks travel in a fixed set of reused {@link ChunkBuffers}.
 */
public final class ChunkerStage {
    public static final int MAX_READS = 3;
    /** Read buffer per reader thread: room for a largest chunk plus three more per refill (eight readers: 32 MiB). */
    private static final int BUFFER = 4 << 20;

    private final Source source;
    private final BlockSaver saver;
    private final MacIndex macs;
    private final Warnings warnings;
    private final SnapshotStats stats;
    private final Executor readers;
    private final ChunkBuffers chunkBuffers;
    private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[BUFFER]);
    /**
     * Read buffer per reader thread for files the stat says are under 128 KiB: a tree of small files
     * then never allocates the 4 MiB ones (32 MiB of heap on 2 cores); a file that grew past it
     * continues in the large buffer.
     */
    private static final int SMALL_BUFFER = 128 << 10;
    private final ThreadLocal<byte[]> smallBuffers = ThreadLocal.withInitial(() -> new byte[SMALL_BUFFER]);

    /** A stage reading files of the file system. */
    public ChunkerStage(BlockSaver saver, MacIndex macs, Warnings warnings, SnapshotStats stats,
                        Executor readers, int inFlightBytes) {
        this(FileSource.INSTANCE, saver, macs, warnings, stats, readers, inFlightBytes);
    }

    public ChunkerStage(Source source, BlockSaver saver, MacIndex macs, Warnings warnings, SnapshotStats stats,
                        Executor readers, int inFlightBytes) {
        this.source = source;
        this.saver = saver;
        this.macs = macs;
        this.warnings = warnings;
        this.stats = stats;
        this.readers = readers;
        this.chunkBuffers = new ChunkBuffers(Math.max(2, inFlightBytes / Chunker.MAX_SIZE));
    }

    /**
     * The tree entry of a regular file: from the file cache when its stat equals the previous
     * run's record ({@code previous}: that record's body, or null) and its blocks are still stored,
     * else by reading it. What the file was stored as goes into {@code slot} (nothing when it
     * changed while being read). Completes with null when the file could not be read (a warning says why).
     */
    public CompletableFuture<FileEntry> file(SourceEntry e, byte[] previous, Consumer<CachedFile> slot) {
        // on a reader: the cache check of an unchanged file (decoding its record, a store lookup per
        // chunk) was most of the scanner thread's work in an incremental snapshot of many small
        // files, and the scanner is one thread
        return CompletableFuture.supplyAsync(() -> {
            try {
                return fromCacheOrRead(e, previous, slot);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }, readers);
    }

    private FileEntry fromCacheOrRead(SourceEntry e, byte[] previous, Consumer<CachedFile> slot) throws IOException {
        CachedFile old = null;
        if (previous != null) {
            try {
                old = CachedFile.decode(previous);
            } catch (IOException ex) {
                old = null; // an inconsistent record (its frame's checksum matched): read the file
            }
        }
        if (old != null && old.matches(e.stat()) && allPresent(old)) {
            slot.accept(old);
            return entry(e.name(), e.stat(), old.chunks(), old.digest());
        }
        if (old != null) for (SavedChunk c : old.chunks()) macs.put(c.mac(), c.cid());
        return read(e, old == null ? null : new PreviousChunks(old.chunks()), slot);
    }

    private boolean allPresent(CachedFile hit) throws IOException {
        for (SavedChunk c : hit.chunks()) if (!saver.reuse(c.cid())) return false;
        return true;
    }

    private FileEntry read(SourceEntry e, PreviousChunks previous, Consumer<CachedFile> slot) throws IOException {
        FileStat before = e.stat();
        for (int attempt = 1; ; attempt++) {
            List<SavedChunk> chunks;
            try {
                chunks = readOnce(e, before.size(), previous);
            } catch (NoSuchFileException ex) {
                warnings.unreadable(e.path(), new IOException("vanished before it could be read"));
                return null;
            } catch (AccessDeniedException ex) {
                warnings.unreadable(e.path(), ex);
                return null;
            } catch (IOException ex) {
                if (isSourceError(ex)) {
                    warnings.unreadable(e.path(), ex);
                    return null;
                }
                throw ex;
            }
            FileStat after;
            try {
                after = source.stat(e.path());
            } catch (IOException ex) {
                warnings.unreadable(e.path(), new IOException("vanished while being read"));
                return null;
            }
            long read = 0;
            for (SavedChunk c : chunks) read += c.length();
            boolean changed = after.contentMayDiffer(before) || read != after.size();
            if (!changed || attempt == MAX_READS) {
                if (changed) {
                    warnings.inconsistent(e.path(), "changed during each of " + MAX_READS + " reads; stored as last read");
                }
                FileDigest digest = new FileDigest();
                for (SavedChunk c : chunks) digest.add(c.mac(), c.length());
                byte[] d = digest.finish();
                FileStat recorded = changed ? after : before;
                if (!changed) slot.accept(CachedFile.of(recorded, chunks, d));
                stats.filesRead.incrementAndGet();
                return entry(e.name(), new FileStat(recorded.kind(), recorded.mode(), read, recorded.mtimeNanos(),
                        recorded.ctimeNanos(), recorded.inode(), recorded.device()), chunks, d);
            }
            stats.rereads.incrementAndGet();
            before = after;
        }
    }

    /** Errors that concern the source file (it is skipped and reported), as opposed to the store. */
    private static boolean isSourceError(IOException ex) {
        return ex instanceof SourceReadException;
    }

    /**
     * One read of the file: its chunks in order. {@code expected}: its size by the latest stat;
     * {@code previous}: the last run's boundaries, or null.
     */
    private List<SavedChunk> readOnce(SourceEntry e, long expected, PreviousChunks previous) throws IOException {
        List<CompletableFuture<SavedChunk>> futures = new ArrayList<>();
        byte[] buf = expected < SMALL_BUFFER ? smallBuffers.get() : buffers.get();
        try (ReadableByteChannel ch = source.open(e.path())) {
            int pos = 0, limit = 0;
            boolean eof = false;
            long offset = 0; // of buf[pos] in the file
            long consumed = 0; // bytes read from the file
            int aligned = previous == null ? -1 : previous.startingAt(0); // previous chunk starting at offset, or -1
            while (true) {
                int avail = limit - pos;
                if (!eof && avail < Chunker.MAX_SIZE) {
                    if (pos == 0 && limit == buf.length) { // the small buffer is full and the file goes on (it grew)
                        byte[] large = buffers.get();
                        System.arraycopy(buf, 0, large, 0, limit);
                        buf = large;
                    } else {
                        System.arraycopy(buf, pos, buf, 0, avail);
                        pos = 0;
                        limit = avail;
                    }
                    ByteBuffer bb = ByteBuffer.wrap(buf, limit, buf.length - limit);
                    while (bb.hasRemaining()) {
                        if (consumed + (bb.position() - limit) == expected && expected < SMALL_BUFFER) {
                            // all of a small file that the stat promised: no read(2) just to meet the end (a
                            // file that grew since shows a new size in the stat taken after, and is read again)
                            eof = true;
                            break;
                        }
                        int n;
                        try {
                            n = ch.read(bb);
                        } catch (IOException ex) {
                            throw new SourceReadException(ex);
                        }
                        if (n < 0) {
                            eof = true;
                            break;
                        }
                    }
                    stats.bytesRead.addAndGet(bb.position() - limit);
                    consumed += bb.position() - limit;
                    limit = bb.position();
                    continue;
                }
                if (avail == 0) break;
                int n = -1;
                byte[] mac = null;
                if (aligned >= 0) {
                    SavedChunk was = previous.get(aligned);
                    if (was.length() <= avail) {
                        mac = saver.mac(buf, pos, was.length());
                        if (Arrays.equals(mac, was.mac())) n = was.length(); // the chunker would cut here: PreviousChunks
                    }
                }
                if (n < 0) {
                    n = Chunker.nextBoundary(buf, pos, avail);
                    if (mac != null && n != previous.get(aligned).length()) mac = null;
                    aligned = previous == null ? -1 : previous.startingAt(offset + n);
                } else {
                    aligned = previous.next(aligned);
                    stats.boundariesReused.incrementAndGet();
                }
                if (eof && offset == 0 && n == avail) { // the whole file is one chunk: encoded right here, from the read buffer
                    SavedChunk only = saver.saveNow(buf, n, mac);
                    return List.of(only);
                }
                byte[] chunk = chunkBuffers.take();
                System.arraycopy(buf, pos, chunk, 0, n);
                pos += n;
                offset += n;
                futures.add(saver.save(chunk, n, mac).whenComplete((r, t) -> chunkBuffers.give(chunk)));
            }
        }
        List<SavedChunk> out = new ArrayList<>(futures.size());
        try {
            for (CompletableFuture<SavedChunk> f : futures) out.add(f.join());
        } catch (CompletionException ex) {
            if (ex.getCause() instanceof UncheckedIOException u) throw u.getCause();
            throw ex;
        }
        return out;
    }

    static FileEntry entry(String name, FileStat st, List<SavedChunk> chunks, byte[] digest) {
        List<ChunkRef> refs = new ArrayList<>(chunks.size());
        for (SavedChunk c : chunks) refs.add(new ChunkRef(c.cid(), c.length()));
        return new FileEntry(name, st.mode(), st.mtimeNanos(), st.size(), refs, digest);
    }

    /** An I/O error while reading a source file (not while storing). */
    static final class SourceReadException extends IOException {
        private static final long serialVersionUID = 1L;

        SourceReadException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
