package io.phoenix.node.snapshot;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.tree.DirectoryEntry;
import io.phoenix.protocol.tree.FileEntry;
import io.phoenix.protocol.tree.SymlinkEntry;
import io.phoenix.protocol.tree.TreeEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Stores the content of the layers as blocks and returns each layer's root tree CID. Composes the
 * stages: {@link Scanner} (this thread, depth first, names in unsigned UTF-8 order) →
 * {@link FileCache} (a forward-only cursor per source root: unchanged files are not read) →
 * {@link ChunkerStage} (reader threads) → {@link BlockSaver} (worker threads) → {@link TreeSaver}
 * (listings written while their entries complete), with the next file cache written in scan
 * order by a {@link FileCacheWriter}. Memory is bounded whatever the size of the tree: files in
 * flight (64), chunk buffers (32 MiB), entries done but waiting behind a slower one (for the
 * listings and for the cache, each bounded), one part block per open listing, and the names of the
 * directories being scanned. Publishing (flush, manifest, head) is the {@link ManifestWriter}'s job.
 */
public final class SnapshotEngine implements AutoCloseable {
    private static final int FILES_IN_FLIGHT = 64;

    private final Scanner scanner;
    private final ChunkerStage chunker;
    private final TreeSaver trees;
    private final BlockSaver saver;
    private final FileCache cache;
    private final FileCacheWriter nextCache;
    private final SnapshotStats stats;
    private final Warnings warnings;
    private final ExecutorService readers;
    private final ExecutorService workers;
    /** Reader threads per requested thread (see the constructor). */
    static final int READERS_PER_THREAD = 4;
    static final int MAX_READERS = 16;
    private final Semaphore files = new Semaphore(FILES_IN_FLIGHT);
    /** The first store-side failure; once set the scanner stops submitting work. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * @param source    where the layers are read: {@link FileSource#INSTANCE}, or a benchmark's synthetic tree
     * @param cache     the previous run's file cache ({@link FileCache#empty} for none)
     * @param nextCache where this run's file cache goes, in scan order
     * @param blocks    collects every block the layers reference, for the manifest's index
     */
    public SnapshotEngine(Source source, BlockStore store, Supplier<BlockCodec> codec, FileCache cache, FileCacheWriter nextCache,
                          ReferencedBlocks blocks, Warnings warnings, SnapshotStats stats, int threads) {
        this(source, store, codec, cache, nextCache, blocks, warnings, stats, threads, TreeSaver.DEFAULT_MAX_QUEUED);
    }

    /** As above, with the bound of entries queued in listings ({@link TreeSaver}) given (tests). */
    SnapshotEngine(Source source, BlockStore store, Supplier<BlockCodec> codec, FileCache cache, FileCacheWriter nextCache,
                   ReferencedBlocks blocks, Warnings warnings, SnapshotStats stats, int threads, int maxQueuedEntries) {
        this.stats = stats;
        this.warnings = warnings;
        this.cache = cache;
        this.nextCache = nextCache;
        // Readers mostly wait (on the disk, and on their file's chunks being encoded and stored), so
        // there are several per core: with one reader per core a tree of small files alternates
        // between reading and encoding instead of overlapping them (measured: 256 MiB tree with
        // 3,500 small files, engine 4.0 s -> see docs/snapshot.md). Workers encode (CPU) and write
        // blocks (I/O latency), so one or two more than the cores keep the cores busy.
        // At most 16 readers: each holds a 4 MiB read buffer, and the heap must not grow with the cores.
        this.readers = Executors.newFixedThreadPool(Math.min(MAX_READERS, READERS_PER_THREAD * threads), daemon("phoenix-read"));
        this.workers = Executors.newFixedThreadPool(threads + 2, daemon("phoenix-block"));
        MacIndex macs = new MacIndex(MacIndex.DEFAULT_CAPACITY);
        this.saver = new BlockSaver(codec, store, workers, macs, blocks, stats);
        this.scanner = new Scanner(source, warnings);
        this.chunker = new ChunkerStage(source, saver, macs, warnings, stats, readers, 32 << 20);
        this.trees = new TreeSaver(saver, workers, maxQueuedEntries);
    }

    /** Stores every layer; returns layer name → root listing CID, in the order given. */
    public Map<String, Cid> store(List<LayerSource> layers) throws IOException {
        for (LayerSource l : layers) {
            Set<String> names = new HashSet<>();
            for (Path p : l.paths()) {
                scanner.statRoot(p); // a missing source fails before anything is stored
                if (l.paths().size() > 1 && !names.add(p.getFileName().toString())) {
                    throw new IllegalArgumentException("layer " + l.layer() + " has two sources named '" + p.getFileName() + "'");
                }
            }
        }
        Map<String, CompletableFuture<Cid>> roots = new LinkedHashMap<>();
        for (LayerSource l : layers) roots.put(l.layer(), layerRoot(l));
        Map<String, Cid> out = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, CompletableFuture<Cid>> e : roots.entrySet()) out.put(e.getKey(), e.getValue().join());
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) throw u.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException r) throw r;
            throw e;
        }
        return out;
    }

    /** The most entries that waited behind a slower one in the listings at once (tests of the bound). */
    int mostQueuedEntries() {
        return trees.mostQueued();
    }

    private CompletableFuture<Cid> layerRoot(LayerSource l) throws IOException {
        if (l.paths().size() == 1) {
            Path p = l.paths().get(0);
            FileStat st = scanner.statRoot(p);
            if (st.kind() == FileStat.Kind.DIRECTORY) return sourceRoot(p, st, () -> directory(p, null, List.of(st), cache.section(p)));
        }
        List<Path> sources = new ArrayList<>(l.paths());
        sources.sort((a, b) -> Arrays.compareUnsigned(utf8(a.getFileName().toString()), utf8(b.getFileName().toString())));
        TreeSaver.Listing listing = trees.listing();
        for (Path p : sources) {
            FileStat st = scanner.statRoot(p);
            String name = p.getFileName().toString();
            SourceEntry e = new SourceEntry(name, p, st, st.kind() == FileStat.Kind.SYMLINK ? scanner.linkTarget(p) : null);
            listing.add(sourceRoot(p, st, () -> {
                CacheCursor section = st.kind() == FileStat.Kind.SYMLINK ? null : cache.section(p);
                return entry(e, new byte[0], List.of(), section);
            }));
        }
        listing.seal();
        return listing.result();
    }

    /** Scans one source root inside its own section of the next file cache. */
    private <T> CompletableFuture<T> sourceRoot(Path root, FileStat st, Supplier<CompletableFuture<T>> scan) {
        nextCache.beginSection(root);
        try {
            return scan.get();
        } finally {
            nextCache.endSection();
        }
    }

    /** Scans {@code dir} and returns its listing's CID once written. {@code key}: its cache key below the source root (null for the root). */
    private CompletableFuture<Cid> directory(Path dir, byte[] key, List<FileStat> ancestors, CacheCursor section) {
        TreeSaver.Listing listing = trees.listing();
        byte[][] names;
        try {
            names = scanner.names(dir);
        } catch (IOException e) {
            warnings.unreadable(dir, e);
            names = new byte[0][];
        }
        for (byte[] n : names) {
            Throwable failed = failure.get();
            if (failed != null) { // stop early: the run is lost anyway
                listing.add(CompletableFuture.failedFuture(failed));
                break;
            }
            SourceEntry e = scanner.entry(dir, new String(n, StandardCharsets.UTF_8), ancestors);
            if (e == null) continue;
            listing.add(entry(e, childKey(key, n), ancestors, section));
        }
        names = null;
        listing.seal();
        return listing.result();
    }

    private static byte[] childKey(byte[] parent, byte[] name) {
        if (parent == null) return name;
        byte[] k = Arrays.copyOf(parent, parent.length + 1 + name.length);
        System.arraycopy(name, 0, k, parent.length + 1, name.length); // '/' as a 0 byte: depth-first order is byte order
        return k;
    }

    private CompletableFuture<? extends TreeEntry> entry(SourceEntry e, byte[] key, List<FileStat> ancestors, CacheCursor section) {
        Throwable failed = failure.get();
        if (failed != null) return CompletableFuture.failedFuture(failed); // stop early: the run is lost anyway
        FileStat st = e.stat();
        switch (st.kind()) {
            case DIRECTORY -> {
                List<FileStat> deeper = new ArrayList<>(ancestors.size() + 1);
                deeper.addAll(ancestors);
                deeper.add(st);
                stats.directories.incrementAndGet();
                return directory(e.path(), key.length == 0 ? null : key, deeper, section)
                        .thenApply(cid -> new DirectoryEntry(e.name(), st.mode(), st.mtimeNanos(), cid));
            }
            case SYMLINK -> {
                stats.symlinks.incrementAndGet();
                return CompletableFuture.completedFuture(new SymlinkEntry(e.name(), st.mode(), st.mtimeNanos(), e.linkTarget()));
            }
            case FILE -> {
                byte[] previous = section == null ? null : section.find(key);
                FileCacheWriter.Slot slot = nextCache.reserve(key);
                files.acquireUninterruptibly();
                CompletableFuture<FileEntry> f;
                try {
                    f = chunker.file(e, previous, slot::fill);
                } catch (RuntimeException ex) {
                    f = CompletableFuture.failedFuture(ex);
                }
                return f.whenComplete((r, t) -> {
                    slot.fill(null); // no-op when the chunker recorded the file
                    if (t != null) failure.compareAndSet(null, t);
                    files.release();
                    if (r != null) {
                        stats.files.incrementAndGet();
                        stats.bytes.addAndGet(r.size());
                    }
                });
            }
            default -> {
                warnings.skipped(e.path(), "special file not stored");
                return CompletableFuture.completedFuture(null);
            }
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        readers.shutdownNow();
        workers.shutdownNow();
        try {
            readers.awaitTermination(10, TimeUnit.SECONDS);
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
