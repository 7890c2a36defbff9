package io.phoenix.node.replication;

import io.phoenix.node.snapshot.Heads;
import io.phoenix.node.snapshot.SnapshotHistory;
import io.phoenix.node.swarm.ManifestAdmission;
import io.phoenix.protocol.exchange.FetchResult;
import io.phoenix.protocol.exchange.SnapshotWants;
import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import io.phoenix.protocol.swarm.SwarmId;
import io.phoenix.swarm.exchange.BlockExchange;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The snapshots this node holds complete and verified: at start it recovers them from disk
 * ({@link Recovery} decides), and whenever one becomes held (replicated, or taken here) it is
 * registered with the block exchange (advertised and served), recorded in
 * {@code <home>/daemon/complete}, and a signed {@link ReplicationReceipt} goes to the
 * {@link Listener} (which publishes it and offers the snapshot to the bridges).
 */
public final class HeldSnapshots implements Replicator.Completion {
    private static final System.Logger LOG = System.getLogger(HeldSnapshots.class.getName());

    /** Told of every snapshot that becomes held, with this node's receipt for it. */
    public interface Listener {
        void held(Cid manifest, SignedManifest m, ReplicationReceipt receipt);
    }

    private final BlockStore store;
    private final ManifestAdmission admission;
    private final SwarmState state;
    private final BlockExchange exchange;
    private final Heads complete;
    private final Heads localHistory;
    private final IdentityKey identity;
    private final SwarmId swarmId;
    private final Clock clock;
    private final Listener listener;

    /**
     * @param complete     the record of held snapshots ({@code <home>/daemon/complete})
     * @param localHistory the heads of the local history on sites that decrypt (a replicated snapshot
     *                     becomes a head there, so restore and verify see it), else null
     */
    public HeldSnapshots(BlockStore store, ManifestAdmission admission, SwarmState state, BlockExchange exchange, Heads complete,
                         Heads localHistory, IdentityKey identity, SwarmId swarmId, Clock clock, Listener listener) {
        this.store = store;
        this.admission = admission;
        this.state = state;
        this.exchange = exchange;
        this.complete = complete;
        this.localHistory = localHistory;
        this.identity = identity;
        this.swarmId = swarmId;
        this.clock = clock;
        this.listener = listener;
    }

    /** Recovers what an earlier run held or was fetching; snapshots to fetch go to {@code replicator}. */
    public void recover(List<SnapshotHistory.Snapshot> ownHistory, List<Cid> pending, Replicator replicator) throws IOException {
        for (Recovery.Candidate c : Recovery.candidates(complete.list(), ownHistory, swarmId.toString(), pending)) {
            switch (Recovery.judge(c, probe(c))) {
                case Recovery.Held h -> {
                    state.addManifest(c.cid(), h.manifest());
                    markHeld(c.cid(), h.manifest(), h.index());
                }
                case Recovery.Resume r -> {
                    state.addManifest(c.cid(), r.manifest());
                    replicator.offer(c.cid(), r.manifest());
                }
                case Recovery.Skip s -> LOG.log(System.Logger.Level.WARNING, s.message());
            }
        }
    }

    private Recovery.Probe probe(Recovery.Candidate c) {
        try {
            SignedManifest m = admission.check(c.cid(), store.get(c.cid()));
            if (c.source() == Recovery.Source.PENDING) return new Recovery.Readable(m, null, false);
            List<Cid> index = index(m);
            return new Recovery.Readable(m, index, allHeld(index));
        } catch (IOException | RuntimeException e) {
            return new Recovery.Unreadable(e.getMessage());
        }
    }

    /** Every block CID a snapshot needs, from its index pages (which must be in the store). */
    public List<Cid> index(SignedManifest m) throws IOException {
        List<IndexPage> pages = new ArrayList<>();
        for (Cid page : m.manifest().indexPages()) pages.add(IndexPage.decode(page, store.get(page)));
        return SnapshotWants.of(0, pages).stream().map(w -> w.cid()).toList();
    }

    private boolean allHeld(List<Cid> index) throws IOException {
        for (Cid c : index) if (!store.has(c)) return false;
        return true;
    }

    /** Records a snapshot as held complete: advertised by the exchange, recorded, receipt signed and handed to the listener. */
    public void markHeld(Cid cid, SignedManifest m, List<Cid> index) throws IOException {
        exchange.register(cid, index);
        complete.advance(cid, List.of());
        state.progress(cid, new SwarmState.Progress(index.size(), index.size(), true));
        ReplicationReceipt r = ReplicationReceipt.sign(identity, swarmId, cid, m.manifest().sequence(), clock.millis());
        state.addReceipt(r);
        listener.held(cid, m, r);
    }

    @Override
    public void completed(Cid cid, SignedManifest m, List<Cid> index, FetchResult r) throws IOException {
        if (localHistory != null) ManifestAdmission.register(localHistory, cid, m);
        LOG.log(System.Logger.Level.INFO, "snapshot " + cid + " held complete: " + r.fetchedBlocks() + " blocks ("
                + r.fetchedBytes() + " bytes) fetched, " + r.badBlocks() + " bad blocks, banned " + r.bannedPeers());
        state.fetched(cid, new SwarmState.Fetched(r.fetchedBlocks(), r.fetchedBytes(), r.badBlocks()));
        markHeld(cid, m, index);
    }
}
