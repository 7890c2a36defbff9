package io.phoenix.bridge.ipfs;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.Parallel;
import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotLayout;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.multiformats.Multihash;
import io.phoenix.protocol.store.BlockNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An IPFS node (Kubo or js-ipfs) over its RPC API. Push: ask the node which blocks it already
 * has ({@code refs/local}), {@code block/put} the others as raw sha2-256 blocks ({@code parallelism}
 * at a time) checking that the node names each with our CID, then pin the manifest recursively,
 * which pins the whole snapshot. An interrupted push resumes because the blocks already put are
 * skipped. Fetch: {@code block/get}, verified against the CID.
 */
public final class IpfsBridge implements Bridge {
    private final IpfsConfig config;
    private final IpfsClient client;
    private final SnapshotLayout layout;

    public IpfsBridge(IpfsConfig config, SnapshotLayout layout) {
        this.config = config;
        this.client = new IpfsClient(config);
        this.layout = layout;
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
        Set<Multihash> present = client.localMultihashes();
        List<Cid> missing = new ArrayList<>();
        for (Cid cid : snapshot.blocks()) if (!present.contains(cid.multihash())) missing.add(cid);
        AtomicLong sent = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Parallel.forEach(missing, config.parallelism(), cid -> {
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
        if (!client.isPinnedRecursively(snapshot.root())) client.pinAdd(snapshot.root());
        long total = snapshot.blocks().size();
        return new PushReport(name(), snapshot.root(), total, sent.get(), total - sent.get(), bytes.get(),
                Duration.ofNanos(System.nanoTime() - start), state(snapshot.root()));
    }

    @Override
    public SnapshotState state(Cid root) throws BridgeException {
        Set<Multihash> present = client.localMultihashes();
        if (!present.contains(root.multihash())) return new SnapshotState(root, SnapshotState.Status.ABSENT, 0, -1, "root not on the node");
        List<Cid> blocks;
        try {
            blocks = layout.blocksOf(root, cid -> {
                if (!present.contains(cid.multihash())) throw new BlockNotFoundException(cid);
                return fetch(cid);
            });
        } catch (BlockNotFoundException e) {
            return new SnapshotState(root, SnapshotState.Status.PARTIAL, -1, -1, "index block " + e.cid() + " not on the node");
        } catch (BridgeException e) {
            throw e;
        } catch (IOException | FormatException e) {
            throw new BridgeException(BridgeFailure.CORRUPT, "cannot read snapshot " + root + " from IPFS: " + e.getMessage(), root, e);
        }
        long have = blocks.stream().filter(c -> present.contains(c.multihash())).count();
        boolean pinned = client.isPinnedRecursively(root);
        SnapshotState.Status status = have < blocks.size() ? SnapshotState.Status.PARTIAL
                : pinned ? SnapshotState.Status.COMPLETE : SnapshotState.Status.PENDING;
        return new SnapshotState(root, status, have, blocks.size(), pinned ? "pinned recursively" : "not pinned");
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
    public List<Cid> blocksOf(Cid root) throws BridgeException {
        try {
            return layout.blocksOf(root, this::fetch);
        } catch (BridgeException e) {
            throw e;
        } catch (IOException | FormatException e) {
            throw new BridgeException(BridgeFailure.CORRUPT, "cannot read snapshot " + root + " from IPFS: " + e.getMessage(), root, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
