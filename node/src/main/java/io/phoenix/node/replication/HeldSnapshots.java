package io.phoenix.node.replication;

import io.phoenix.node.snapshot.Heads;
import io.phoenix.node.snapshot.SnapshotHistory;
import io.phoenix.node.swarm.ManifestAdmission;
import io.phoenix.protocol.exchange.FetchResult;
import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.manifest.ManifestOrder;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import io.phoenix.protocol.swarm.SwarmId;
import io.phoenix.swarm.exchange.BlockExchange;
import java.io.IOException;
import java.time.Clock;
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

    /**
     * Recovers what an earlier run held or was fetching; snapshots to fetch go to {@code replicator}.
     * Every candidate's manifest is read (twice: once to find the newest held one, which alone has
     * every block checked, {@link Recovery#check}); memory is one manifest and one index page at a time.
     */
    public void recover(List<SnapshotHistory.Snapshot> ownHistory, List<Cid> pending, Replicator replicator) throws IOException {
        List<Recovery.Candidate> candidates = Recovery.candidates(complete.list(), ownHistory, swarmId.toString(), pending);
        Cid newest = newestHeld(candidates);
        for (Recovery.Candidate c : candidates) {
            switch (Recovery.judge(c, probe(c, Recovery.check(c, c.cid().equals(newest))))) {
                case Recovery.Held h -> {
                    state.addManifest(c.cid(), h.manifest());
                    markHeld(c.cid(), h.manifest(), h.total());
                }
                case Recovery.Resume r -> {
                    state.addManifest(c.cid(), r.manifest());
                    replicator.offer(c.cid(), r.manifest());
                }
                case Recovery.Skip s -> LOG.log(System.Logger.Level.WARNING, s.message());
            }
        }
    }

    /** The newest (manifest order) of the held candidates whose manifest decodes, or null. */
    private Cid newestHeld(List<Recovery.Candidate> candidates) {
        SignedManifest best = null;
        Cid bestCid = null;
        for (Recovery.Candidate c : candidates) {
            if (c.source() == Recovery.Source.PENDING) continue;
            try {
                SignedManifest m = SignedManifest.decode(c.cid(), store.get(c.cid()));
                if (best == null || ManifestOrder.INSTANCE.compare(m, best) > 0) {
                    best = m;
                    bestCid = c.cid();
                }
            } catch (IOException | RuntimeException e) {
                // probed (and reported) below
            }
        }
        return bestCid;
    }

    private Recovery.Probe probe(Recovery.Candidate c, Recovery.Check check) {
        try {
            SignedManifest m = admission.check(c.cid(), store.get(c.cid()));
            return switch (check) {
                case MANIFEST -> new Recovery.Readable(m, 0, false);
                case PAGES -> new Recovery.Readable(m, m.manifest().totals().blocks(), allPagesPresent(m));
                case BLOCKS -> {
                    long total = countIfAllHeld(m);
                    yield new Recovery.Readable(m, Math.max(0, total), total >= 0);
                }
            };
        } catch (IOException | RuntimeException e) {
            return new Recovery.Unreadable(e.getMessage());
        }
    }

    private boolean allPagesPresent(SignedManifest m) throws IOException {
        for (Cid page : m.manifest().indexPages()) if (!store.has(page)) return false;
        return true;
    }

    /**
     * The number of index entries of {@code m} when the store holds every block of it, else -1:
     * the pages are read one at a time (they must be in the store).
     */
    public long countIfAllHeld(SignedManifest m) throws IOException {
        long n = 0;
        for (Cid page : m.manifest().indexPages()) {
            for (Cid c : IndexPage.decode(page, store.get(page)).blocks()) {
                if (!store.has(c)) return -1;
                n++;
            }
        }
        return n;
    }

    /** Records a snapshot as held complete ({@code total} index entries): advertised by the exchange, recorded, receipt signed and handed to the listener. */
    public void markHeld(Cid cid, SignedManifest m, long total) throws IOException {
        exchange.register(cid, total);
        complete.advance(cid, List.of());
        state.progress(cid, new SwarmState.Progress(total, total, true));
        ReplicationReceipt r = ReplicationReceipt.sign(identity, swarmId, cid, m.manifest().sequence(), clock.millis());
        state.addReceipt(r);
        listener.held(cid, m, r);
    }

    @Override
    public void completed(Cid cid, SignedManifest m, long total, FetchResult r) throws IOException {
        if (localHistory != null) ManifestAdmission.register(localHistory, cid, m);
        LOG.log(System.Logger.Level.INFO, "snapshot " + cid + " held complete: " + r.fetchedBlocks() + " blocks ("
                + r.fetchedBytes() + " bytes) fetched, " + r.badBlocks() + " bad blocks, banned " + r.bannedPeers());
        state.fetched(cid, new SwarmState.Fetched(r.fetchedBlocks(), r.fetchedBytes(), r.badBlocks()));
        markHeld(cid, m, total);
    }
}
