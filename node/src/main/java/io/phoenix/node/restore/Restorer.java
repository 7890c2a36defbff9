package io.phoenix.node.restore;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.tree.ChunkRef;
import io.phoenix.protocol.tree.DirectoryEntry;
import io.phoenix.protocol.tree.EncryptedTreeBlocks;
import io.phoenix.protocol.tree.FileDigest;
import io.phoenix.protocol.tree.FileEntry;
import io.phoenix.protocol.tree.SymlinkEntry;
import io.phoenix.protocol.tree.TreeEntry;
import io.phoenix.protocol.tree.TreeReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Restores one layer's tree into a directory: fetcher ({@link ChunkFetcher}: CID, key, MAC,
 * length), verifier ({@link FileDigest} of the whole file against the tree), writer
 * ({@link RestoreWriter}: in place in directories it created, else temporary name and rename; mode, mtime). Chunks of one file are fetched and
 * written in parallel at their offsets, files in parallel too, with bytes in flight bounded. A
 * file that cannot be restored intact is not written at all and is recorded in {@link Damage};
 * the restore goes on with the rest.
 */
public final class Restorer implements AutoCloseable {
    private final ChunkFetcher fetcher;
    private final TreeReader trees;
    private final RestoreWriter writer = new RestoreWriter();
    private final Damage damage;
    private final RestoreStats stats;
    private final ExecutorService files;
    private final ExecutorService chunks;
    private final Semaphore filesInFlight = new Semaphore(64);
    private final int fileThreads;
    private final Semaphore batchesInFlight;
    private final Semaphore bytesInFlight;
    private static final int MAX_IN_FLIGHT = 64 << 20;
    static final int FILE_THREADS_PER_THREAD = 2;
    static final int MAX_FILE_THREADS = 16;

    public Restorer(BlockStore store, BlockCodec codec, Damage damage, RestoreStats stats, int threads) {
        this.fetcher = new ChunkFetcher(store, codec);
        this.trees = new TreeReader(new EncryptedTreeBlocks(codec, store));
        this.damage = damage;
        this.stats = stats;
        // Two file threads per core: restoring a small file is mostly the kernel creating and
        // timestamping it, and with one thread per core the cores sat idle between those calls (a
        // tree of 300,000 small files used ~0.8 of 2 cores). Not more: on an ext4 that had deleted
        // many files, every concurrent creator made each inode allocation dearer (find_inode_bit,
        // recently_deleted), and 8 file threads on 2 cores restored that tree in 1.4-7.2x the time
        // of 4 (docs/benchmarks.md). At most 16: each holds a block and a plaintext buffer.
        this.fileThreads = Math.min(MAX_FILE_THREADS, FILE_THREADS_PER_THREAD * threads);
        this.files = Executors.newFixedThreadPool(fileThreads, r -> daemon(r, "phoenix-restore-file"));
        this.batchesInFlight = new Semaphore(2 * fileThreads);
        this.chunks = Executors.newFixedThreadPool(threads, r -> daemon(r, "phoenix-restore-chunk"));
        this.bytesInFlight = new Semaphore(MAX_IN_FLIGHT);
    }

    /**
     * Restores the listing {@code root} (a layer root) into {@code target}; with {@code subPath}
     * ("a/b/c") only that entry, at {@code target/a/b/c}. Returns false when {@code subPath} does not exist.
     */
    public boolean restore(String layer, Cid root, Path target, String subPath) throws IOException {
        markerRestored = false;
        boolean fresh = writer.createDirectory(target);
        writer.markIncomplete(target);
        writer.stageIn(target);
        boolean found;
        try {
            found = restoreStaged(layer, root, target, subPath, fresh);
        } finally {
            writer.unstage();
        }
        // only now: every file written in place is complete (or was removed again, as damaged)
        if (!markerRestored) writer.markComplete(target);
        return found;
    }

    /** Set when the snapshot itself holds an entry named like the marker at the target's top (it then stays). */
    private volatile boolean markerRestored;

    private boolean restoreStaged(String layer, Cid root, Path target, String subPath, boolean fresh) throws IOException {
        if (subPath == null || subPath.isEmpty() || subPath.equals(".")) {
            join(directoryContents(layer, root, target, fresh));
            return true;
        }
        String[] parts = subPath.replaceAll("^/+|/+$", "").split("/+");
        Cid dir = root;
        Path at = target;
        for (int i = 0; i < parts.length; i++) {
            TreeEntry found = null;
            for (TreeEntry e : trees.list(dir)) if (e.name().equals(parts[i])) found = e;
            if (found == null) return false;
            if (i == parts.length - 1) {
                join(entry(layer + "/" + subPath, found, at.resolve(found.name()), fresh));
                return true;
            }
            if (!(found instanceof DirectoryEntry d)) return false;
            at = at.resolve(d.name());
            fresh = writer.createDirectory(at);
            dir = d.tree();
        }
        return true;
    }

    /**
     * {@code fresh}: {@code dir} was created by this restore, so its files are written in place.
     * Sub-directories and symlinks are handled here; the files go to {@link #files(String, Path, List, boolean)}.
     */
    private CompletableFuture<Void> directoryContents(String shown, Cid tree, Path dir, boolean fresh) throws IOException {
        List<TreeEntry> listing;
        try {
            listing = trees.list(tree);
        } catch (IOException | RuntimeException ex) { // e.g. a damaged block, or not this repository's key
            // only the listing: an error writing the target (a full disk) is not damage, it ends the restore
            damage.file(shown + "/", "directory listing unreadable: " + ex.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> children = new ArrayList<>();
        List<FileEntry> files = new ArrayList<>();
        for (TreeEntry e : listing) {
            if (e.name().equals(RestoreWriter.INCOMPLETE_MARKER)) markerRestored = true;
            if (e instanceof FileEntry f) files.add(f);
            else children.add(entry(shown + "/" + e.name(), e, dir.resolve(e.name()), fresh));
        }
        children.addAll(files(shown, dir, files, fresh));
        return CompletableFuture.allOf(children.toArray(CompletableFuture[]::new));
    }

    /** Files per task of the file pool. */
    static final int BATCH = 64;
    /** A directory gets one more lane for every this many files (at most one per file thread). */
    static final int FILES_PER_LANE = 4096;

    /**
     * The files of one directory, in lanes: each lane is a contiguous slice of the listing whose
     * files are created one after the other (batches of {@link #BATCH} chained on the file pool),
     * and lanes run in parallel; a directory of fewer than {@link #FILES_PER_LANE} files has one.
     * Why: creating a file takes the directory's inode lock in the kernel, and file threads that
     * all created files in the same directory queued on that lock, spinning on it
     * ({@code rwsem_spin_on_owner}: 28-30% of the CPU samples of a restore of 300,000 small files,
     * none with lanes), while several directories at once do not contend on it. Batches in flight
     * are bounded, so the listing walk never runs far ahead of the writing.
     */
    private List<CompletableFuture<Void>> files(String shown, Path dir, List<FileEntry> files, boolean fresh) {
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        if (files.isEmpty()) return lanes;
        int laneCount = Math.min(fileThreads, (files.size() + FILES_PER_LANE - 1) / FILES_PER_LANE);
        for (int lane = 0; lane < laneCount; lane++) {
            List<FileEntry> slice = files.subList(files.size() * lane / laneCount, files.size() * (lane + 1) / laneCount);
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int from = 0; from < slice.size(); from += BATCH) {
                List<FileEntry> batch = slice.subList(from, Math.min(slice.size(), from + BATCH));
                batchesInFlight.acquireUninterruptibly();
                chain = chain.handleAsync((ignored, failed) -> {
                    try {
                        // after a failure (the target's disk, not a damaged file) the rest of the lane is skipped
                        if (failed != null) throw failed instanceof CompletionException c ? c : new CompletionException(failed);
                        for (FileEntry f : batch) file(shown + "/" + f.name(), f, dir.resolve(f.name()), fresh);
                        return null;
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    } finally {
                        batchesInFlight.release();
                    }
                }, this.files);
            }
            lanes.add(chain);
        }
        return lanes;
    }

    /** {@code inFresh}: the entry's directory was created by this restore. */
    private CompletableFuture<Void> entry(String shown, TreeEntry e, Path at, boolean inFresh) throws IOException {
        switch (e) {
            case DirectoryEntry d -> {
                boolean fresh = writer.createDirectory(at);
                stats.directories.incrementAndGet();
                return directoryContents(shown, d.tree(), at, fresh).thenRun(() -> {
                    try {
                        writer.finishDirectory(at, d.mode(), d.mtimeNanos());
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                });
            }
            case SymlinkEntry s -> {
                writer.symlink(at, s.target(), s.mtimeNanos());
                stats.symlinks.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            }
            case FileEntry f -> {
                filesInFlight.acquireUninterruptibly();
                return CompletableFuture.runAsync(() -> {
                    try {
                        file(shown, f, at, inFresh);
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    } finally {
                        filesInFlight.release();
                    }
                }, files);
            }
        }
    }

    private void file(String shown, FileEntry f, Path at, boolean inPlace) throws IOException {
        List<ChunkRef> refs = f.chunks();
        byte[][] macs = new byte[refs.size()][];
        try (RestoreWriter.PendingFile out = writer.openFile(at, f.mode(), inPlace)) {
            if (refs.size() == 1) { // small files: no hand-off to the chunk pool
                try {
                    FetchedChunk d = fetcher.fetch(refs.get(0));
                    out.writeAt(d.buf(), d.length(), 0);
                    macs[0] = d.plaintextMac();
                    stats.blocks.incrementAndGet();
                    stats.bytes.addAndGet(refs.get(0).length());
                } catch (DamagedBlockException ex) {
                    damage.fileFailed(shown, ex);
                    return;
                }
                finish(shown, f, out, macs);
                return;
            }
            List<CompletableFuture<Void>> parts = new ArrayList<>(refs.size());
            long offset = 0;
            for (int i = 0; i < refs.size(); i++) {
                ChunkRef ref = refs.get(i);
                int index = i;
                long at0 = offset;
                offset += ref.length();
                int permits = Math.min(ref.length(), MAX_IN_FLIGHT);
                bytesInFlight.acquireUninterruptibly(permits);
                parts.add(CompletableFuture.runAsync(() -> {
                    try {
                        FetchedChunk d = fetcher.fetch(ref);
                        out.writeAt(d.buf(), d.length(), at0);
                        macs[index] = d.plaintextMac();
                        stats.blocks.incrementAndGet();
                        stats.bytes.addAndGet(ref.length());
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    } finally {
                        bytesInFlight.release(permits);
                    }
                }, chunks));
            }
            try {
                CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException ex) {
                Throwable c = ex.getCause() instanceof UncheckedIOException u ? u.getCause() : ex.getCause();
                damage.fileFailed(shown, c);
                return;
            }
            finish(shown, f, out, macs);
        }
    }

    /** The verifier and the commit: digest over the chunk MACs, then mode, mtime and rename. */
    private void finish(String shown, FileEntry f, RestoreWriter.PendingFile out, byte[][] macs) throws IOException {
        FileDigest digest = new FileDigest();
        for (int i = 0; i < macs.length; i++) digest.add(macs[i], f.chunks().get(i).length());
        if (!MessageDigest.isEqual(digest.finish(), f.digest())) {
            damage.file(shown, "content does not match the file digest recorded in the snapshot");
            return;
        }
        out.commit(f.mode(), f.mtimeNanos());
        stats.files.incrementAndGet();
    }

    private static void join(CompletableFuture<Void> f) throws IOException {
        try {
            f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        files.shutdownNow();
        chunks.shutdownNow();
        try {
            files.awaitTermination(10, TimeUnit.SECONDS);
            chunks.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
