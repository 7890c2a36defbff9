package io.phoenix.node.replication;

import io.phoenix.protocol.exchange.Wanted;
import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.exchange.FetchScheduler;
import io.phoenix.protocol.exchange.SnapshotIndex;
import io.phoenix.protocol.exchange.SnapshotWants;
import io.phoenix.protocol.exchange.WantSource;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.time.Monitor;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.protocol.time.Task;
import io.phoenix.protocol.tree.DirectoryEntry;
import io.phoenix.protocol.tree.FileEntry;
import io.phoenix.protocol.tree.TreeReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * A site that holds the data key fetches a snapshot layer by layer ({@code mind}, {@code body},
 * {@code spirit}): a thread walks each layer's trees (reading, and so fetching, the tree blocks on
 * the way) and hands the data blocks it meets to the fetch through a queue of at most
 * {@link #QUEUE} CIDs, each found in the {@link SnapshotIndex} by binary search; then every entry
 * of the index in order, for whatever the walk did not reach (tree blocks, anything after a failed
 * walk). Memory: the queue and the walk's path (one listing part per directory level), never the
 * snapshot's block list. A block met twice is offered twice; the fetch skips what is stored or
 * already wanted.
 */
final class LayeredWants implements WantSource {
    private static final System.Logger LOG = System.getLogger(LayeredWants.class.getName());
    /** Most CIDs the walk gets ahead of the fetch. */
    static final int QUEUE = 4096;

    /** A data block met in the walk, with its size: at most its chunk's length plus the block's header and tag. */
    private record Met(Cid cid, int layer, int maxBytes) {}

    /** Thrown inside the walk to stop it when the fetch is over. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    private final SnapshotIndex index;
    private final WantSource rest;
    private final Monitor monitor;
    private final ArrayDeque<Met> queue = new ArrayDeque<>();
    private volatile Runnable ready = () -> {};
    private boolean walked;
    private boolean closed;
    private Task walker;

    /**
     * Starts the walk of {@code layers} (layer name → root tree) with {@code trees} on a thread of
     * {@code scheduler}. An index that cannot be searched (not written by Phoenix) is fetched in
     * index order without a walk.
     */
    LayeredWants(SnapshotIndex index, Map<String, Cid> layers, TreeReader trees, Scheduler scheduler) {
        this.index = index;
        this.rest = SnapshotWants.inIndexOrder(index, 0, SnapshotWants.UNKNOWN, 0);
        this.monitor = scheduler.newMonitor();
        if (!index.searchable()) {
            walked = true;
            return;
        }
        this.walker = scheduler.start("phoenix-layer-walk", () -> walk(layers, trees));
    }

    static int slot(String layer) {
        return switch (layer) {
            case "mind" -> SnapshotWants.MIND;
            case "body" -> SnapshotWants.BODY;
            case "spirit" -> SnapshotWants.SPIRIT;
            default -> SnapshotWants.UNKNOWN;
        };
    }

    private void walk(Map<String, Cid> layers, TreeReader trees) {
        try {
            List<Map.Entry<String, Cid>> ordered = layers.entrySet().stream()
                    .sorted((a, b) -> Integer.compare(slot(a.getKey()), slot(b.getKey()))).toList();
            for (var e : ordered) walkDirectory(trees, e.getValue(), slot(e.getKey()));
        } catch (Stopped s) {
            return;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            LOG.log(System.Logger.Level.INFO, "layer order unavailable (" + e.getMessage() + "); fetching the rest in index order");
        } finally {
            monitor.lock();
            try {
                walked = true;
            } finally {
                monitor.unlock();
            }
            ready.run();
        }
    }

    private void walkDirectory(TreeReader trees, Cid dir, int layer) throws IOException {
        trees.forEach(dir, entry -> {
            switch (entry) {
                case FileEntry f -> {
                    for (var c : f.chunks()) offer(new Met(c.cid(), layer, c.length() + BlockCodec.OVERHEAD));
                }
                case DirectoryEntry d -> walkDirectory(trees, d.tree(), layer);
                default -> { }
            }
        });
    }

    private void offer(Met m) {
        boolean wasEmpty;
        monitor.lock();
        try {
            while (!closed && queue.size() >= QUEUE) {
                try {
                    monitor.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Stopped();
                }
            }
            if (closed) throw new Stopped();
            wasEmpty = queue.isEmpty();
            queue.add(m);
        } finally {
            monitor.unlock();
        }
        if (wasEmpty) ready.run();
    }

    @Override
    public Wanted poll() throws IOException {
        while (true) {
            Met m;
            boolean done;
            monitor.lock();
            try {
                m = queue.poll();
                if (m != null && queue.size() == QUEUE - 1) monitor.signalAll();
                done = walked;
            } finally {
                monitor.unlock();
            }
            if (m == null) return done ? rest.poll() : null;
            long at = index.position(m.cid());
            // the size lets the scheduler count a peer's window in real bytes: small files' blocks of a
            // few hundred bytes would otherwise be taken for the 512 KiB of an average chunk
            if (at >= 0) return new Wanted(m.cid(), at, SnapshotWants.priority(0, m.layer()), m.maxBytes());
        }
    }

    @Override
    public boolean exhausted() {
        monitor.lock();
        try {
            if (!walked || !queue.isEmpty()) return false;
        } finally {
            monitor.unlock();
        }
        return rest.exhausted();
    }

    @Override
    public void onReady(Runnable ready) {
        this.ready = ready;
    }

    /** Stops the walk (the fetch ended) and waits for its thread. */
    @Override
    public void close() {
        monitor.lock();
        try {
            closed = true;
            queue.clear();
            monitor.signalAll();
        } finally {
            monitor.unlock();
        }
        if (walker != null) walker.cancel();
    }
}
