package io.phoenix.node.snapshot;

import io.phoenix.node.Trace;
import io.phoenix.node.restore.Damage;
import io.phoenix.node.restore.RestoreStats;
import io.phoenix.node.restore.Restorer;
import io.phoenix.node.verify.IndexCoverage;
import io.phoenix.node.verify.Verifier;
import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.DataKeys;
import io.phoenix.protocol.manifest.Manifest;
import io.phoenix.protocol.manifest.ManifestSigner;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.tree.EncryptedTreeBlocks;
import io.phoenix.protocol.tree.TreeReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One site's snapshots: the block store, the keys and the local state (heads, file cache),
 * composed into snapshot, restore and verify. I/O policy lives here; the stages are pure-ish.
 *
 * @param stateDir where {@code heads/} and {@code cache/} live (the node home)
 */
public final class Repository {
    private final BlockStore store;
    private final Supplier<BlockCodec> codec;
    private final Supplier<ManifestSigner> signer;
    private final Heads heads;
    private final VerifiedManifests verified;
    private final Path cacheFile;
    /** Where a snapshot spills sorted runs of block CIDs (on the home's disk, not in a RAM-backed /tmp). */
    private final Path temporaries;
    private final String swarmId;
    private final String dataset;
    private final Clock clock;

    public Repository(BlockStore store, DataKeys keys, ManifestSigner signer, Path stateDir, String swarmId, String dataset, Clock clock) {
        this(store, () -> keys, () -> signer, stateDir, swarmId, dataset, clock);
    }

    /**
     * A repository whose keys may still be on their way (the CLI unlocks the home's passphrase
     * while the snapshot engine already scans the sources): {@code keys} and {@code signer} are
     * asked for, once each, when first needed: at the first block to encode, and to sign.
     */
    public Repository(BlockStore store, Supplier<DataKeys> keys, Supplier<ManifestSigner> signer, Path stateDir, String swarmId,
                      String dataset, Clock clock) {
        this.store = store;
        this.codec = once(() -> new BlockCodec(keys.get()));
        this.signer = once(signer);
        this.heads = new Heads(stateDir.resolve("heads"));
        this.verified = VerifiedManifests.load(stateDir.resolve("verified"));
        this.cacheFile = stateDir.resolve("cache").resolve("files.v2");
        this.temporaries = stateDir.resolve("tmp");
        this.swarmId = swarmId;
        this.dataset = dataset;
        this.clock = clock;
    }

    public BlockStore store() {
        return store;
    }

    /** The history; manifests this home verified before are not signature-checked again ({@link VerifiedManifests}). */
    public SnapshotHistory history() throws IOException {
        return SnapshotHistory.load(store, heads, verified);
    }

    /** The history with every manifest's signatures checked again ({@code phoenix verify}). */
    public SnapshotHistory historyCheckingSignatures() throws IOException {
        return SnapshotHistory.load(store, heads);
    }

    /**
     * Takes a snapshot of {@code layers} (in priority order) and publishes it as the new head.
     * On failure nothing is published and the previous head stays.
     */
    public SnapshotOutcome snapshot(List<LayerSource> layers, int threads, SnapshotStats stats, Warnings warnings) throws IOException {
        return snapshot(FileSource.INSTANCE, layers, threads, stats, warnings);
    }

    /**
     * As above, reading the layers from {@code source} instead of the file system (the scale
     * benchmark's synthetic trees, {@code io.phoenix.node.bench}); the layers' paths name entries of
     * that source and the file cache keys them as it keys real paths.
     */
    public SnapshotOutcome snapshot(Source source, List<LayerSource> layers, int threads, SnapshotStats stats, Warnings warnings)
            throws IOException {
        Trace.mark("store open");
        SnapshotHistory history = history();
        for (Map.Entry<Cid, String> b : history.broken().entrySet()) {
            warnings.note(Path.of("heads", b.getKey().toString()), "previous manifest unreadable: " + b.getValue());
        }
        Trace.mark("history loaded");
        clearTemporaries();
        Files.deleteIfExists(cacheFile.resolveSibling("files.v1")); // version 1 (one map in heap), replaced by files.v2
        List<Path> scanned = new ArrayList<>();
        for (LayerSource l : layers) for (Path p : l.paths()) scanned.add(p.toAbsolutePath());
        Map<String, Cid> roots;
        Path cacheWritten = null;
        ManifestWriter publisher = new ManifestWriter(store, signer.get(), heads, clock, stats);
        Cid id;
        try (FileCache cache = FileCache.open(cacheFile, note -> warnings.note(cacheFile, note));
             FileCacheWriter nextCache = new FileCacheWriter(cacheFile, FileCacheWriter.DEFAULT_MAX_QUEUED);
             ReferencedBlocks blocks = new ReferencedBlocks(temporaries, ReferencedBlocks.DEFAULT_BUFFER)) {
            Trace.mark("file cache opened");
            try (SnapshotEngine engine = new SnapshotEngine(source, store, codec, cache, nextCache, blocks, warnings, stats, threads)) {
                roots = engine.store(layers);
            }
            Trace.mark("layers stored");
            // the new file cache is finished while the snapshot is published, and replaces the old one after
            CompletableFuture<Path> finishing = background("phoenix-cache-save", () -> {
                try {
                    return nextCache.finish(cache, scanned);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            List<SignedManifest> parents = new ArrayList<>();
            List<Cid> parentCids = new ArrayList<>();
            for (SnapshotHistory.Snapshot s : history.heads()) {
                parents.add(s.signed());
                parentCids.add(s.cid());
            }
            id = publisher.publish(swarmId, dataset, roots, blocks, parents, parentCids, history.readableHeadFiles());
            Trace.mark("manifest published");
            verified.add(id); // signed here, with this home's keys; 'phoenix verify' checks it like any other
            try {
                cacheWritten = finishing.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
                warnings.note(cacheFile, "file cache not saved (" + cause.getMessage() + "); the next run reads every file again");
            }
        }
        if (cacheWritten != null) {
            try {
                FileCacheWriter.commit(cacheWritten, cacheFile);
            } catch (IOException e) {
                warnings.note(cacheFile, "file cache not saved (" + e.getMessage() + "); the next run reads every file again");
            }
        }
        Trace.mark("file cache saved");
        return new SnapshotOutcome(id, stats, warnings, publisher.indexed());
    }

    /**
     * Removes what a killed process left in the temporary directory (sorted runs of block CIDs):
     * whatever is older than this process, so that another snapshot or verify of this process
     * (the daemon's) keeps its files.
     */
    private void clearTemporaries() throws IOException {
        if (!Files.isDirectory(temporaries)) return;
        long started = ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        try (Stream<Path> all = Files.walk(temporaries)) {
            List<Path> paths = all.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                if (p.equals(temporaries)) continue;
                try {
                    if (Files.getLastModifiedTime(p).toMillis() < started) Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a directory that still holds files of this process, or gone already
                }
            }
        }
    }

    /** Runs {@code work} on a daemon thread of its own. */
    private static <T> CompletableFuture<T> background(String name, Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name(name).start(() -> {
            try {
                f.complete(work.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /**
     * Restores {@code layers} of a snapshot (all when empty) into {@code target/<layer>/}, in the
     * order mind, body, spirit. Damage is recorded and the rest restored.
     */
    public void restore(SignedManifest m, Path target, List<String> layers, String path, int threads,
                        RestoreStats stats, Damage damage) throws IOException {
        try (Restorer r = new Restorer(store, codec.get(), damage, stats, threads)) {
            for (Map.Entry<String, Cid> e : ordered(m.manifest().layers())) {
                if (!layers.isEmpty() && !layers.contains(e.getKey())) continue;
                if (!r.restore(e.getKey(), e.getValue(), target.resolve(e.getKey()), path)) {
                    throw new NoSuchFileException(e.getKey() + "/" + path, null, "not in snapshot");
                }
            }
        }
    }

    /**
     * Verifies snapshots: index pages, every block the trees reference (and that the index lists
     * them), every file's digest. Shared blocks are read once.
     */
    public void verify(List<SnapshotHistory.Snapshot> snapshots, int threads, RestoreStats stats, Damage damage) throws IOException {
        TreeReader trees = new TreeReader(new EncryptedTreeBlocks(codec.get(), store));
        try (Verifier v = new Verifier(store, codec.get(), damage, stats, threads)) {
            for (SnapshotHistory.Snapshot s : snapshots) {
                Manifest m = s.signed().manifest();
                for (Map.Entry<String, Cid> e : ordered(m.layers())) v.verifyLayer(e.getKey(), e.getValue());
                IndexCoverage.check(store, trees, m, s.cid(), temporaries, damage);
            }
        }
    }

    /** Layers in priority order: mind, body, spirit, then any other. */
    static List<Map.Entry<String, Cid>> ordered(Map<String, Cid> layers) {
        List<Map.Entry<String, Cid>> out = new ArrayList<>(layers.entrySet());
        List<String> order = List.of("mind", "body", "spirit");
        out.sort(Comparator.comparingInt((Map.Entry<String, Cid> e) -> {
            int i = order.indexOf(e.getKey());
            return i < 0 ? order.size() : i;
        }).thenComparing(Map.Entry::getKey));
        return out;
    }

    /** Memoizes {@code s}: the first call computes, later calls (from any thread) return the same value. */
    private static <T> Supplier<T> once(Supplier<T> s) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) value = v = s.get();
                    }
                }
                return v;
            }
        };
    }
}
