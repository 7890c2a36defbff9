package io.phoenix.bridge.arweave;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.CidVisitor;
import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.Sleeper;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotLayout;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.protocol.spill.WorkDir;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Snapshots on Arweave. A push packs the blocks into transactions ({@link ArweavePacker}), asks
 * the network which packs an earlier push already stored (GraphQL on our tags and wallet), quotes
 * the price of the rest plus the index and refuses to go over the budget or the wallet's balance,
 * uploads the missing packs (chunked when large), then the index transaction
 * ({@link ArweaveIndex}) that makes the snapshot findable by its manifest CID, and polls until
 * every transaction has the configured confirmations. Restore needs only the gateway: the index is
 * found by tags and checked against its {@code data_root}; every block is verified by CID.
 *
 * <p>Memory does not grow with the snapshot: the snapshot is walked, never listed; the packs an
 * earlier push stored are sorted into a file; the index is written to a file as the walk goes
 * (with the transaction ids filled in once the packs are up) and uploaded from it a chunk at a
 * time; a downloaded index stays on disk ({@link ArweaveIndexFile}). The heap holds the open pack
 * (at most {@code packSize} bytes and {@link ArweavePacker#MAX_BLOCKS} entries), {@code parallelism}
 * packs being uploaded, a few cached packs for restores, and the data_root tree of the transaction
 * being signed (one node per 256 KiB of its data).
 */
public final class ArweaveBridge implements Bridge {
    private final ArweaveConfig config;
    private final ArweaveWallet wallet;
    private final SnapshotLayout layout;
    private final ArweaveClient client;
    private final Clock clock;
    private final Sleeper sleeper;
    private final WorkDir work;
    private final ArweaveBlocks blocks;

    public ArweaveBridge(ArweaveConfig config, ArweaveWallet wallet, SnapshotLayout layout, Clock clock, Sleeper sleeper, WorkDir work) {
        this.config = config;
        this.wallet = wallet;
        this.layout = layout;
        this.client = new ArweaveClient(config);
        this.clock = clock;
        this.sleeper = sleeper;
        this.work = work;
        this.blocks = new ArweaveBlocks(client, 8);
    }

    /** Spills to the JVM's temporary directory. */
    public ArweaveBridge(ArweaveConfig config, ArweaveWallet wallet, SnapshotLayout layout, Clock clock, Sleeper sleeper) {
        this(config, wallet, layout, clock, sleeper, WorkDir.system());
    }

    public ArweaveBridge(ArweaveConfig config, ArweaveWallet wallet, SnapshotLayout layout) {
        this(config, wallet, layout, Clock.systemUTC(), Sleeper.REAL);
    }

    @Override
    public String name() {
        return "arweave";
    }

    public ArweaveClient client() {
        return client;
    }

    @Override
    public PushReport push(Snapshot snapshot) throws BridgeException {
        long start = System.nanoTime();
        Cid root = snapshot.root();
        ArweavePush.Outcome o = new ArweavePush(config, wallet, client, clock, sleeper, work, blocks).run(snapshot);
        long total = o.blocks();
        SnapshotState state = o.confirmed() ? state(root)
                : new SnapshotState(root, SnapshotState.Status.PENDING, total, total, "uploaded, awaiting " + config.confirmations() + " confirmations");
        return new PushReport(name(), root, total, o.sent(), total - o.sent(), o.bytes(), Duration.ofNanos(System.nanoTime() - start), state);
    }

    @Override
    public SnapshotState state(Cid root) throws BridgeException {
        Optional<ArweaveIndexFile> index;
        try {
            index = index(root);
        } catch (BridgeException e) {
            if (e.failure() != BridgeFailure.UNREACHABLE || !e.getMessage().contains("pending")) throw e;
            return new SnapshotState(root, SnapshotState.Status.PENDING, -1, -1, e.getMessage());
        }
        if (index.isEmpty()) {
            long[] present = {0, 0}; // blocks, packs
            client.find(ArweaveTags.snapshot(config, root), wallet.address(), f -> {
                if (!"pack".equals(f.tags().get(ArweaveTags.TYPE))) return true;
                present[1]++;
                try {
                    present[0] += Long.parseLong(f.tags().getOrDefault(ArweaveTags.BLOCK_COUNT, "0"));
                } catch (NumberFormatException e) {
                    throw new BridgeException(BridgeFailure.PROTOCOL, "bad " + ArweaveTags.BLOCK_COUNT + " tag on " + f.id(), e);
                }
                return true;
            });
            return present[1] == 0 ? new SnapshotState(root, SnapshotState.Status.ABSENT, 0, -1, "no transactions")
                    : new SnapshotState(root, SnapshotState.Status.PARTIAL, present[0], -1, present[1] + " pack transactions, no index");
        }
        ArweaveIndexFile idx = index.get();
        long total = idx.blocks();
        long[] unconfirmed = {0};
        try {
            idx.forEachPack((txId, n, size) -> {
                OptionalInt c = client.confirmationsIfSeen(txId);
                if (c.isEmpty() || c.getAsInt() < config.confirmations()) unconfirmed[0]++;
            });
        } catch (BridgeException e) {
            throw e;
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.LOCAL, "cannot read the local copy of index " + idx.txId() + ": " + e.getMessage(), root, e);
        }
        return unconfirmed[0] == 0
                ? new SnapshotState(root, SnapshotState.Status.COMPLETE, total, total, "index transaction "
                        + idx.txId() + ", " + idx.packs() + " packs confirmed")
                : new SnapshotState(root, SnapshotState.Status.PENDING, total, total, unconfirmed[0] + " packs awaiting confirmation");
    }

    @Override
    public byte[] fetch(Cid cid) throws BridgeException {
        try {
            return blocks.get(cid);
        } catch (BridgeException e) {
            if (e.failure() != BridgeFailure.NOT_FOUND) throw e;
            // not in a loaded index: a pack tagged with this block names its snapshot, whose index says where it lies
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("App-Name", config.appName());
            tags.put("Phoenix-Swarm", config.swarm());
            tags.put(ArweaveTags.BLOCK, cid.toString());
            byte[][] found = {null};
            client.find(tags, wallet.address(), f -> {
                String snapshot = f.tags().get(ArweaveTags.SNAPSHOT);
                if (snapshot == null) return true;
                Cid root;
                try {
                    root = Cid.parse(snapshot);
                } catch (FormatException bad) {
                    throw new BridgeException(BridgeFailure.PROTOCOL, "transaction " + f.id() + " has a bad " + ArweaveTags.SNAPSHOT + " tag", cid, bad);
                }
                if (index(root).isEmpty()) return true;
                found[0] = blocks.get(cid);
                return false;
            });
            if (found[0] != null) return found[0];
            throw e;
        }
    }

    @Override
    public void forEachBlock(Cid root, CidVisitor visitor) throws BridgeException {
        if (index(root).isEmpty()) throw new BridgeException(BridgeFailure.NOT_FOUND, "no index transaction for snapshot " + root + " on Arweave", root, null);
        try {
            layout.forEachBlock(root, this::fetch, visitor::visit);
        } catch (BridgeException e) {
            throw e;
        } catch (IOException | FormatException e) {
            throw new BridgeException(BridgeFailure.CORRUPT, "cannot read snapshot " + root + " from Arweave: " + e.getMessage(), root, e);
        }
    }

    /** The snapshot's index: loaded, or found by tags, downloaded to disk and verified against its {@code data_root}. */
    private Optional<ArweaveIndexFile> index(Cid root) throws BridgeException {
        Optional<ArweaveIndexFile> known = blocks.index(root);
        if (known.isPresent()) return known;
        Map<String, String> tags = ArweaveTags.snapshot(config, root);
        tags.put(ArweaveTags.TYPE, "index");
        ArweaveIndexFile[] loaded = {null};
        client.find(tags, wallet.address(), f -> {
            WorkDir.Scratch scratch = scratch();
            try {
                ArweaveData data = blocks.verifiedData(f.id(), scratch.newFile("index"));
                ArweaveIndexFile idx;
                try {
                    idx = ArweaveIndexFile.open(f.id(), data, scratch);
                } catch (FormatException e) {
                    throw new BridgeException(BridgeFailure.CORRUPT, "index transaction " + f.id() + ": " + e.getMessage(), root, e);
                } catch (IOException e) {
                    throw new BridgeException(BridgeFailure.LOCAL, "cannot read the downloaded index " + f.id() + ": " + e.getMessage(), root, e);
                }
                if (!idx.root().equals(root)) throw new BridgeException(BridgeFailure.CORRUPT, "index transaction " + f.id() + " is for " + idx.root(), root, null);
                loaded[0] = idx;
                return false;
            } finally {
                if (loaded[0] == null) closeQuietly(scratch);
            }
        });
        if (loaded[0] == null) return Optional.empty();
        blocks.add(loaded[0]);
        return Optional.of(loaded[0]);
    }

    private WorkDir.Scratch scratch() throws BridgeException {
        try {
            return work.scratch();
        } catch (IOException e) {
            throw spillFailure(e);
        }
    }

    private BridgeException spillFailure(IOException e) {
        return new BridgeException(BridgeFailure.LOCAL, "cannot spill to " + work.base() + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(WorkDir.Scratch scratch) {
        try {
            scratch.close();
        } catch (IOException ignored) {
            // swept by the next process
        }
    }

    @Override
    public void close() {
        blocks.close();
        client.close();
    }
}
