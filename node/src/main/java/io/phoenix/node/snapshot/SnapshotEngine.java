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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * stages: {@link Scanner} (this thread, depth first, sorted) → {@link FileCache} (unchanged files
 * are not read) → {@link ChunkerStage} (reader threads) → {@link BlockSaver} (worker threads) →
 * {@link TreeSaver}. Directories complete as their children do, files in flight are bounded, so
 * memory follows the width of the open directories, not the size of the tree. Publishing (flush,
 * manifest, head) is the {@link ManifestWriter}'s job.
 */
public final class SnapshotEngine implements AutoCloseable {
    private static final int FILES_IN_FLIGHT = 64;

    private final Scanner scanner;
    private final ChunkerStage chunker;
    private final TreeSaver trees;
    private final BlockSaver saver;
    private final SnapshotStats stats;
    private final Warnings warnings;
    private final ExecutorService readers;
    private final ExecutorService workers;
    /** Reader threads per requested thread (see the constructor). */
    static final int READERS_PER_THREAD = 4;
    private final Semaphore files = new Semaphore(FILES_IN_FLIGHT);
    /** The first store-side failure; once set the scanner stops submitting work. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public SnapshotEngine(BlockStore store, BlockCodec codec, FileCache cache, Warnings warnings, SnapshotStats stats, int threads) {
        this(store, () -> codec, cache, warnings, stats, threads);
    }

    /** As above, with the codec asked for when the first block is encoded (its keys may still be being unlocked). */
    public SnapshotEngine(BlockStore store, Supplier<BlockCodec> codec, FileCache cache, Warnings warnings,
                          SnapshotStats stats, int threads) {
        this.stats = stats;
        this.warnings = warnings;
        // Readers mostly wait (on the disk, and on their file's chunks being encoded and stored), so
        // there are several per core: with one reader per core a tree of small files alternates
        // between reading and encoding instead of overlapping them (measured: 256 MiB tree with
        // 3,500 small files, engine 4.0 s -> see docs/snapshot.md). Workers encode (CPU) and write
        // blocks (I/O latency), so one or two more than the cores keep the cores busy.
        this.readers = Executors.newFixedThreadPool(READERS_PER_THREAD * threads, daemon("phoenix-read"));
        this.workers = Executors.newFixedThreadPool(threads + 2, daemon("phoenix-block"));
        MacIndex macs = new MacIndex(1 << 20);
        this.saver = new BlockSaver(codec, store, workers, macs, stats);
        this.scanner = new Scanner(warnings);
        this.chunker = new ChunkerStage(saver, cache, macs, warnings, stats, readers, 32 << 20);
        this.trees = new TreeSaver(saver, workers);
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

    /** Every block the stored layers reference (for the manifest's index). */
    public Set<Cid> referencedBlocks() {
        return saver.referenced();
    }

    private CompletableFuture<Cid> layerRoot(LayerSource l) throws IOException {
        if (l.paths().size() == 1) {
            Path p = l.paths().get(0);
            FileStat st = scanner.statRoot(p);
            if (st.kind() == FileStat.Kind.DIRECTORY) return trees.directory(children(p, List.of(st)));
        }
        List<CompletableFuture<? extends TreeEntry>> entries = new ArrayList<>();
        for (Path p : l.paths()) {
            FileStat st = scanner.statRoot(p);
            String name = p.getFileName().toString();
            entries.add(entry(new SourceEntry(name, p, st, st.kind() == FileStat.Kind.SYMLINK
                    ? Files.readSymbolicLink(p).toString() : null), List.of()));
        }
        return trees.directory(entries);
    }

    private List<CompletableFuture<? extends TreeEntry>> children(Path dir, List<FileStat> ancestors) {
        List<SourceEntry> list;
        try {
            list = scanner.list(dir, ancestors);
        } catch (IOException e) {
            warnings.unreadable(dir, e);
            return List.of();
        }
        List<CompletableFuture<? extends TreeEntry>> out = new ArrayList<>(list.size());
        for (SourceEntry e : list) out.add(entry(e, ancestors));
        return out;
    }

    private CompletableFuture<? extends TreeEntry> entry(SourceEntry e, List<FileStat> ancestors) {
        Throwable failed = failure.get();
        if (failed != null) return CompletableFuture.failedFuture(failed); // stop early: the run is lost anyway
        FileStat st = e.stat();
        switch (st.kind()) {
            case DIRECTORY -> {
                List<FileStat> deeper = new ArrayList<>(ancestors.size() + 1);
                deeper.addAll(ancestors);
                deeper.add(st);
                stats.directories.incrementAndGet();
                return trees.directory(children(e.path(), deeper))
                        .thenApply(cid -> new DirectoryEntry(e.name(), st.mode(), st.mtimeNanos(), cid));
            }
            case SYMLINK -> {
                stats.symlinks.incrementAndGet();
                return CompletableFuture.completedFuture(new SymlinkEntry(e.name(), st.mode(), st.mtimeNanos(), e.linkTarget()));
            }
            case FILE -> {
                files.acquireUninterruptibly();
                return chunker.file(e).whenComplete((f, t) -> {
                    if (t != null) failure.compareAndSet(null, t);
                    files.release();
                    if (f != null) {
                        stats.files.incrementAndGet();
                        stats.bytes.addAndGet(f.size());
                    }
                });
            }
            default -> {
                warnings.skipped(e.path(), "special file not stored");
                return CompletableFuture.completedFuture(null);
            }
        }
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
