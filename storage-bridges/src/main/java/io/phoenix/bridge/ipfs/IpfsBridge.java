package io.phoenix.bridge.ipfs;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.CidVisitor;
import io.phoenix.bridge.Parallel;
import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotLayout;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.protocol.spill.CidKey;
import io.phoenix.protocol.spill.RecordSorter;
import io.phoenix.protocol.spill.SortedRecords;
import io.phoenix.protocol.spill.WorkDir;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An IPFS node (Kubo or js-ipfs) over its RPC API. Push: list what the node already has
 * ({@code refs/local}, streamed into a sorted file of keys in a scratch directory, never into the
 * heap), walk the snapshot and {@code block/put} every block the listing lacks as a raw sha2-256
 * block ({@code parallelism} at a time), checking that the node names each with our CID, then pin
 * the manifest recursively, which pins the whole snapshot. An interrupted push resumes because the
 * blocks already put are skipped. Fetch: {@code block/get}, verified against the CID.
 *
 * <p>Memory: the sorter's buffer while listing, one index page during the walk and
 * {@code parallelism} blocks in flight, whatever the size of the snapshot or of the node. The
 * lookups of a Phoenix snapshot's blocks in the listing come in ascending order (its index pages
 * are sorted by CID), so they read the listing's file front to back: a sort-merge.
 */
public final class IpfsBridge implements Bridge {
    /** Memory for unsorted keys while listing the node (116,508 keys per run). */
    static final int SORT_BUFFER = 4 << 20;

    private final IpfsConfig config;
    private final IpfsClient client;
    private final SnapshotLayout layout;
    private final WorkDir work;

    public IpfsBridge(IpfsConfig config, SnapshotLayout layout, WorkDir work) {
        this.config = config;
        this.client = new IpfsClient(config);
        this.layout = layout;
        this.work = work;
    }

    /** Spills the node's listing to the JVM's temporary directory. */
    public IpfsBridge(IpfsConfig config, SnapshotLayout layout) {
        this(config, layout, WorkDir.system());
    }

    @Override
    public String name() {
        return "ipfs";
    }

    public IpfsClient client() {
        return client;
    }

    @Override
    public PushReport push(Snapshot snapshot) throws BridgeException {
        long start = System.nanoTime();
        AtomicLong total = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        try (Listing present = listNode()) {
            SortedRecords.Cursor have = present.keys.cursor();
            Parallel.<Cid>forEach(sink -> snapshot.forEachBlock(cid -> {
                total.incrementAndGet();
                if (!have.contains(cid)) sink.accept(cid);
            }), config.parallelism(), cid -> {
                byte[] data = snapshot.read(cid);
                if (cid.codec() != Cid.RAW && cid.codec() != Cid.DAG_CBOR) {
                    throw new BridgeException(BridgeFailure.LOCAL, "block " + cid + " has a codec IPFS block/put cannot be asked for here", cid, null);
                }
                Cid named = client.blockPut(data);
                if (!named.multihash().equals(cid.multihash()) || named.version() != 1 || named.codec() != Cid.RAW) {
                    throw new BridgeException(BridgeFailure.CID_MISMATCH, "IPFS named block " + cid + " as " + named
                            + " (dialect " + client.dialect() + ")", cid, null);
                }
                sent.incrementAndGet();
                bytes.addAndGet(data.length);
            });
        }
        if (!client.isPinnedRecursively(snapshot.root())) client.pinAdd(snapshot.root());
        return new PushReport(name(), snapshot.root(), total.get(), sent.get(), total.get() - sent.get(), bytes.get(),
                Duration.ofNanos(System.nanoTime() - start), state(snapshot.root()));
    }

    @Override
    public SnapshotState state(Cid root) throws BridgeException {
        long[] counts = new long[2]; // blocks, on the node
        try (Listing present = listNode()) {
            if (!present.keys.contains(root)) return new SnapshotState(root, SnapshotState.Status.ABSENT, 0, -1, "root not on the node");
            SortedRecords.Cursor have = present.keys.cursor();
            try {
                layout.forEachBlock(root, cid -> {
                    if (!present.keys.contains(cid)) throw new BlockNotFoundException(cid); // block/get would wait for it
                    return fetch(cid);
                }, cid -> {
                    counts[0]++;
                    if (have.contains(cid)) counts[1]++;
                });
            } catch (BlockNotFoundException e) {
                return new SnapshotState(root, SnapshotState.Status.PARTIAL, -1, -1, "index block " + e.cid() + " not on the node");
            } catch (BridgeException e) {
                throw e;
            } catch (IOException | FormatException e) {
                throw new BridgeException(BridgeFailure.CORRUPT, "cannot read snapshot " + root + " from IPFS: " + e.getMessage(), root, e);
            }
        }
        boolean pinned = client.isPinnedRecursively(root);
        SnapshotState.Status status = counts[1] < counts[0] ? SnapshotState.Status.PARTIAL
                : pinned ? SnapshotState.Status.COMPLETE : SnapshotState.Status.PENDING;
        return new SnapshotState(root, status, counts[1], counts[0], pinned ? "pinned recursively" : "not pinned");
    }

    @Override
    public byte[] fetch(Cid cid) throws BridgeException {
        byte[] data = client.blockGet(cid);
        if (!cid.verifies(data)) {
            throw new BridgeException(BridgeFailure.CORRUPT, "IPFS returned " + data.length + " bytes that do not hash to " + cid, cid, null);
        }
        return data;
    }

    @Override
    public void forEachBlock(Cid root, CidVisitor visitor) throws BridgeException {
        try {
            layout.forEachBlock(root, this::fetch, visitor::visit);
        } catch (BridgeException e) {
            throw e;
        } catch (IOException | FormatException e) {
            throw new BridgeException(BridgeFailure.CORRUPT, "cannot read snapshot " + root + " from IPFS: " + e.getMessage(), root, e);
        }
    }

    /** The node's {@code refs/local}, sorted by key into a file of a fresh scratch directory (deleted by close). */
    private Listing listNode() throws BridgeException {
        WorkDir.Scratch scratch = null;
        try {
            scratch = work.scratch();
            byte[] key = new byte[CidKey.BYTES];
            try (RecordSorter sorter = new RecordSorter(scratch.newDirectory("refs-runs"), CidKey.BYTES, CidKey.BYTES, SORT_BUFFER)) {
                client.forEachLocal(cid -> {
                    if (!CidKey.copy(cid, key, 0)) return; // not sha2-256: never one of ours
                    try {
                        sorter.add(key);
                    } catch (IOException e) {
                        throw spillFailure(e);
                    }
                });
                return new Listing(scratch, sorter.finish(scratch.newFile("refs")));
            }
        } catch (IOException e) {
            closeQuietly(scratch);
            throw e instanceof BridgeException b ? b : spillFailure(e);
        } catch (RuntimeException e) {
            closeQuietly(scratch);
            throw e;
        }
    }

    private BridgeException spillFailure(IOException e) {
        return new BridgeException(BridgeFailure.LOCAL, "cannot spill the IPFS node's listing to " + work.base() + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(WorkDir.Scratch scratch) {
        if (scratch == null) return;
        try {
            scratch.close();
        } catch (IOException ignored) {
            // a leftover scratch directory is swept by the next process
        }
    }

    /** What the node holds, as sorted keys on disk; closing unmaps and deletes the file. */
    private record Listing(WorkDir.Scratch scratch, SortedRecords keys) implements AutoCloseable {
        @Override
        public void close() {
            keys.close();
            closeQuietly(scratch);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
