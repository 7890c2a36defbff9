package io.phoenix.node.daemon;

import io.phoenix.swarm.exchange.BlockExchange;
import io.phoenix.protocol.exchange.FetchResult;
import io.phoenix.protocol.exchange.FetchScheduler;
import io.phoenix.protocol.exchange.SnapshotWants;
import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Replicates every verified snapshot the node learns of, newest first: fetches the index pages
 * (loose blocks, from any connected peer), then every block of the index through the
 * {@link BlockExchange} (which skips blocks already stored, verifies each by CID, and advertises
 * progress so peers can fetch from this node while it is still fetching), flushes the store and
 * reports completion. A marker {@code <home>/daemon/pending/<cid>} is kept while a snapshot is
 * unfinished so that a restart resumes it. One snapshot at a time.
 */
public final class Replicator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Replicator.class.getName());

    /** Called when a snapshot is held complete and verified. */
    public interface Completion {
        void completed(Cid manifest, SignedManifest m, List<Cid> index, FetchResult result) throws IOException;
    }

    private record Job(Cid cid, SignedManifest manifest) implements Comparable<Job> {
        @Override
        public int compareTo(Job o) {
            return io.phoenix.protocol.manifest.ManifestOrder.INSTANCE.compare(o.manifest, manifest);
        }
    }

    private final BlockStore store;
    private final BlockExchange exchange;
    private final Supplier<Set<PeerId>> peers;
    private final SwarmState state;
    private final Path pendingDir;
    private final Completion completion;
    private final io.phoenix.protocol.block.DataKeys keys;
    private final PriorityBlockingQueue<Job> queue = new PriorityBlockingQueue<>();
    private final Set<Cid> queued = new HashSet<>();
    private final Thread worker;
    private volatile boolean closed;
    private volatile Cid current;

    /** @param keys the data keys on sites that hold them (blocks are then fetched layer by layer), else null */
    public Replicator(BlockStore store, BlockExchange exchange, Supplier<Set<PeerId>> peers, SwarmState state,
                      Path pendingDir, Completion completion, io.phoenix.protocol.block.DataKeys keys) {
        this.keys = keys;
        this.store = store;
        this.exchange = exchange;
        this.peers = peers;
        this.state = state;
        this.pendingDir = pendingDir;
        this.completion = completion;
        this.worker = Thread.ofVirtual().name("phoenix-replicator").unstarted(this::run);
    }

    public void start() {
        worker.start();
    }

    /** Queues a verified snapshot unless it is complete, queued or being fetched. */
    public synchronized void offer(Cid cid, SignedManifest m) {
        if (closed || queued.contains(cid)) return;
        var p = state.progress(cid);
        if (p.isPresent() && p.get().complete()) return;
        queued.add(cid);
        try {
            Files.createDirectories(pendingDir);
            Files.writeString(pendingDir.resolve(cid.toString()), "");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record pending snapshot " + cid + ": " + e);
        }
        queue.add(new Job(cid, m));
    }

    /** Snapshots recorded as pending by an earlier run. */
    public List<Cid> pendingFromDisk() throws IOException {
        List<Cid> out = new ArrayList<>();
        if (!Files.isDirectory(pendingDir)) return out;
        try (var s = Files.list(pendingDir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    out.add(Cid.parse(p.getFileName().toString()));
                } catch (RuntimeException e) {
                    // not ours
                }
            }
        }
        return out;
    }

    public Optional<Cid> current() {
        return Optional.ofNullable(current);
    }

    private void run() {
        while (!closed) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            current = job.cid();
            try {
                replicate(job);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (closed) return;
                LOG.log(System.Logger.Level.WARNING, "replication of " + job.cid() + " failed, retrying later: " + e);
                synchronized (this) {
                    queued.remove(job.cid());
                }
                Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(Duration.ofSeconds(2));
                    } catch (InterruptedException ie) {
                        return;
                    }
                    offer(job.cid(), job.manifest());
                });
            } finally {
                current = null;
            }
        }
    }

    private void replicate(Job job) throws Exception {
        SignedManifest m = job.manifest();
        if (!store.has(job.cid())) store.put(job.cid(), m.encode());
        List<IndexPage> pages = fetchPages(m.manifest().indexPages());
        java.util.Map<Cid, Integer> layers = keys == null ? java.util.Map.of() : layersOf(m);
        List<FetchScheduler.Wanted> wanted = SnapshotWants.of(0, pages, c -> layers.getOrDefault(c, SnapshotWants.UNKNOWN), -1);
        List<Cid> index = wanted.stream().map(FetchScheduler.Wanted::cid).toList();
        state.progress(job.cid(), new SwarmState.Progress(0, index.size(), false));
        LOG.log(System.Logger.Level.INFO, "replicating snapshot " + job.cid() + " #" + m.manifest().sequence() + ": "
                + index.size() + " blocks");
        FetchResult r = exchange.fetch(job.cid(), wanted).get();
        store.flush();
        completion.completed(job.cid(), m, index, r);
        Files.deleteIfExists(pendingDir.resolve(job.cid().toString()));
        synchronized (this) {
            queued.remove(job.cid());
        }
    }

    /**
     * Which layer each block belongs to, by walking the layers' trees (tree blocks are fetched on
     * the way); empty when the walk fails (then index order decides), never an error.
     */
    private java.util.Map<Cid, Integer> layersOf(SignedManifest m) {
        java.util.Map<Cid, Integer> out = new java.util.HashMap<>();
        var trees = new io.phoenix.protocol.tree.TreeReader(new io.phoenix.protocol.tree.EncryptedTreeBlocks(
                new io.phoenix.protocol.block.BlockCodec(keys), new FetchingBlockStore(store, exchange, peers)));
        try {
            for (var e : m.manifest().layers().entrySet()) {
                int slot = switch (e.getKey()) {
                    case "mind" -> SnapshotWants.MIND;
                    case "body" -> SnapshotWants.BODY;
                    case "spirit" -> SnapshotWants.SPIRIT;
                    default -> SnapshotWants.UNKNOWN;
                };
                out.putIfAbsent(e.getValue(), SnapshotWants.STRUCTURE);
                trees.forEachBlock(e.getValue(), c -> out.merge(c, slot, Math::min));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "layer order unavailable for " + m + " (" + e.getMessage() + "); fetching in index order");
            return java.util.Map.of();
        }
    }

    /** Index pages: from the local store, else through the block exchange from the connected peers. */
    private List<IndexPage> fetchPages(List<Cid> pages) throws Exception {
        List<Cid> missing = new ArrayList<>();
        for (Cid p : pages) if (!store.has(p)) missing.add(p);
        if (!missing.isEmpty()) exchange.fetchBlocks(missing, peers.get()).get(10, java.util.concurrent.TimeUnit.MINUTES);
        List<IndexPage> out = new ArrayList<>();
        for (Cid p : pages) out.add(IndexPage.decode(p, store.get(p)));
        return out;
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
    }
}
