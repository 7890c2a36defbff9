package io.phoenix.node.replication;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.DataKeys;
import io.phoenix.protocol.exchange.FetchResult;
import io.phoenix.protocol.exchange.SnapshotIndex;
import io.phoenix.protocol.exchange.SnapshotWants;
import io.phoenix.protocol.exchange.WantSource;
import io.phoenix.protocol.exchange.mapped.MappedSnapshotIndex;
import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.manifest.ManifestOrder;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.time.Monitor;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.protocol.time.Task;
import io.phoenix.protocol.tree.EncryptedTreeBlocks;
import io.phoenix.protocol.tree.TreeReader;
import io.phoenix.swarm.exchange.BlockExchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Replicates every verified snapshot the node learns of, newest first: fetches the index pages
 * (loose blocks, from any connected peer), writes them into a temporary memory-mapped index
 * ({@link MappedSnapshotIndex}, one page in the heap at a time), then fetches every block of the
 * index through the {@link BlockExchange}, which pulls them a window at a time from a
 * {@link WantSource} (layer by layer on sites with the data key, {@link LayeredWants}; index order
 * elsewhere), skips blocks already stored, verifies each by CID and advertises progress so peers
 * can fetch from this node while it is still fetching. Then it flushes the store and reports
 * completion. Nothing here holds the snapshot's block list. A marker {@code <home>/daemon/pending/<cid>} is kept while a snapshot is
 * unfinished so that a restart resumes it. One snapshot at a time; a failed one is offered again
 * {@link #RETRY_AFTER} later (through the scheduler's timer).
 */
public final class Replicator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Replicator.class.getName());
    /** How long after a failure a snapshot is offered again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    /** How long the index pages of a snapshot may take to arrive. */
    static final Duration PAGES_TIMEOUT = Duration.ofMinutes(10);
    /** How often the store is flushed while a snapshot is being fetched. */
    static final Duration FLUSH_EVERY = Duration.ofSeconds(1);

    /** Called when a snapshot is held complete and verified. */
    public interface Completion {
        void completed(Cid manifest, SignedManifest m, long total, FetchResult result) throws IOException;
    }

    private record Job(Cid cid, SignedManifest manifest) {}

    private final BlockStore store;
    private final BlockExchange exchange;
    private final Supplier<Set<PeerId>> peers;
    private final SwarmState state;
    private final Path pendingDir;
    private final Path workDir;
    private final Completion completion;
    private final DataKeys keys;
    private final Scheduler scheduler;
    private final Monitor monitor;
    private final PriorityQueue<Job> queue = new PriorityQueue<>((a, b) -> ManifestOrder.INSTANCE.compare(b.manifest(), a.manifest()));
    private final Set<Cid> queued = new HashSet<>();
    private final List<Task> retries = new ArrayList<>();
    private Task worker;
    private Task flusher;
    private boolean closed;
    private volatile Cid current;

    /**
     * @param workDir where the temporary index files of fetches go (emptied by the daemon at start)
     * @param keys    the data keys on sites that hold them (blocks are then fetched layer by layer), else null
     */
    public Replicator(BlockStore store, BlockExchange exchange, Supplier<Set<PeerId>> peers, SwarmState state,
                      Path pendingDir, Path workDir, Completion completion, DataKeys keys, Scheduler scheduler) {
        this.keys = keys;
        this.workDir = workDir;
        this.store = store;
        this.exchange = exchange;
        this.peers = peers;
        this.state = state;
        this.pendingDir = pendingDir;
        this.completion = completion;
        this.scheduler = scheduler;
        this.monitor = scheduler.newMonitor();
    }

    /** Starts the worker, and the periodic flush: the store batches durability, so while a fetch runs what arrived is made durable every {@link #FLUSH_EVERY} (a crash loses at most that much transfer). */
    public void start() {
        worker = scheduler.start("phoenix-replicator", this::run);
        flusher = scheduler.scheduleWithFixedDelay(FLUSH_EVERY, FLUSH_EVERY, this::flushWhileFetching);
    }

    private void flushWhileFetching() {
        if (current == null) return;
        try {
            store.flush();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "store flush failed: " + e.getMessage());
        }
    }

    /** Queues a verified snapshot unless it is complete, queued or being fetched. */
    public void offer(Cid cid, SignedManifest m) {
        monitor.lock();
        try {
            if (closed || queued.contains(cid)) return;
            var p = state.progress(cid);
            if (p.isPresent() && p.get().complete()) return;
            queued.add(cid);
            queue.add(new Job(cid, m));
            monitor.signalAll();
        } finally {
            monitor.unlock();
        }
        try {
            Files.createDirectories(pendingDir);
            Files.writeString(pendingDir.resolve(cid.toString()), "");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record pending snapshot " + cid + ": " + e);
        }
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

    /** The snapshot being fetched now. */
    public Optional<Cid> current() {
        return Optional.ofNullable(current);
    }

    private Job take() throws InterruptedException {
        monitor.lock();
        try {
            while (!closed && queue.isEmpty()) monitor.await();
            return closed ? null : queue.poll();
        } finally {
            monitor.unlock();
        }
    }

    private void run() {
        while (true) {
            Job job;
            try {
                job = take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == null) return;
            current = job.cid();
            try {
                replicate(job);
                done(job.cid());
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (isClosed()) return;
                LOG.log(System.Logger.Level.WARNING, "replication of " + job.cid() + " failed, retrying in " + RETRY_AFTER.toSeconds() + " s: " + e);
                done(job.cid());
                Task retry = scheduler.schedule(RETRY_AFTER, () -> offer(job.cid(), job.manifest()));
                monitor.lock();
                try {
                    retries.removeIf(Task::isDone);
                    retries.add(retry);
                } finally {
                    monitor.unlock();
                }
            } finally {
                current = null;
            }
        }
    }

    private void done(Cid cid) {
        monitor.lock();
        try {
            queued.remove(cid);
        } finally {
            monitor.unlock();
        }
    }

    private boolean isClosed() {
        monitor.lock();
        try {
            return closed;
        } finally {
            monitor.unlock();
        }
    }

    private void replicate(Job job) throws Exception {
        SignedManifest m = job.manifest();
        if (!store.has(job.cid())) store.put(job.cid(), m.encode());
        List<Cid> pages = m.manifest().indexPages();
        fetchPages(pages);
        try (SnapshotIndex index = MappedSnapshotIndex.build(workDir, pages, p -> IndexPage.decode(p, store.get(p)));
             WantSource wants = wants(m, index)) {
            state.progress(job.cid(), new SwarmState.Progress(0, index.total(), false));
            LOG.log(System.Logger.Level.INFO, "replicating snapshot " + job.cid() + " #" + m.manifest().sequence() + ": "
                    + index.total() + " blocks");
            FetchResult r = scheduler.await(exchange.fetch(job.cid(), index, wants));
            store.flush();
            completion.completed(job.cid(), m, index.total(), r);
        }
        Files.deleteIfExists(pendingDir.resolve(job.cid().toString()));
    }

    /**
     * Layer by layer where the trees can be read (tree blocks are fetched on the way, as loose
     * blocks), then the index in order; index order alone on sites without the data key.
     */
    private WantSource wants(SignedManifest m, SnapshotIndex index) {
        if (keys == null) return SnapshotWants.inIndexOrder(index);
        TreeReader trees = new TreeReader(new EncryptedTreeBlocks(new BlockCodec(keys), new FetchingBlockStore(store, exchange, peers, scheduler)));
        return new LayeredWants(index, m.manifest().layers(), trees, scheduler);
    }

    /** Index pages into the local store: those missing through the block exchange from the connected peers. */
    private void fetchPages(List<Cid> pages) throws Exception {
        List<Cid> missing = new ArrayList<>();
        for (Cid p : pages) if (!store.has(p)) missing.add(p);
        if (!missing.isEmpty()) scheduler.await(exchange.fetchBlocks(missing, peers.get()), PAGES_TIMEOUT);
    }

    @Override
    public void close() {
        List<Task> stop;
        monitor.lock();
        try {
            closed = true;
            monitor.signalAll();
            stop = new ArrayList<>(retries);
        } finally {
            monitor.unlock();
        }
        for (Task t : stop) t.cancel();
        if (flusher != null) flusher.cancel();
        if (worker != null) worker.cancel();
    }
}
