package io.phoenix.node.replication;

import static io.phoenix.node.replication.TestManifests.WRITER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.snapshot.Heads;
import io.phoenix.node.swarm.ManifestAdmission;
import io.phoenix.protocol.exchange.ExchangeOptions;
import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.manifest.Manifest;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.manifest.Totals;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.store.DelegatingBlockStore;
import io.phoenix.protocol.swarm.SwarmGate;
import io.phoenix.protocol.testing.MapBlockStore;
import io.phoenix.protocol.time.VirtualScheduler;
import io.phoenix.swarm.exchange.BlockExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery at start: cheap at scale (pages of every held snapshot, blocks of the newest only). */
class HeldSnapshotsTest {
    static final int SNAPSHOTS = 12;
    static final int BLOCKS = 300;

    @TempDir
    Path home;

    final VirtualScheduler virtual = new VirtualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
    final AtomicInteger blockLookups = new AtomicInteger();
    final AtomicInteger pageReads = new AtomicInteger();
    final MapBlockStore inner = new MapBlockStore();
    /** Counts what recovery asks of the store: presence of raw blocks, reads of index pages. */
    final DelegatingBlockStore store = new DelegatingBlockStore(inner) {
        @Override
        public boolean has(Cid cid) throws IOException {
            if (cid.codec() == Cid.RAW) blockLookups.incrementAndGet();
            return super.has(cid);
        }

        @Override
        public byte[] get(Cid cid) throws IOException {
            byte[] b = super.get(cid);
            if (cid.codec() == Cid.DAG_CBOR && b.length > 0 && !isManifest(cid)) pageReads.incrementAndGet();
            return b;
        }
    };
    final List<Cid> manifests = new ArrayList<>();
    final List<List<Cid>> indexes = new ArrayList<>();

    @AfterEach
    void close() {
        virtual.close();
    }

    boolean isManifest(Cid cid) {
        return manifests.contains(cid);
    }

    static Cid block(int snapshot, int i) {
        return Cid.ofRaw(ByteBuffer.allocate(8).putInt(snapshot).putInt(i).array());
    }

    /** Snapshots 1..SNAPSHOTS, each with its own BLOCKS blocks in one sorted index page, all in the store and recorded complete. */
    Heads seed() throws IOException {
        Heads complete = new Heads(home.resolve("daemon/complete"));
        for (int s = 1; s <= SNAPSHOTS; s++) {
            List<Cid> index = new ArrayList<>();
            for (int i = 0; i < BLOCKS; i++) {
                byte[] b = ByteBuffer.allocate(8).putInt(s).putInt(i).array();
                inner.put(Cid.ofRaw(b), b);
                index.add(Cid.ofRaw(b));
            }
            index.sort(null);
            IndexPage page = new IndexPage(index);
            inner.put(page.cid(), page.encode());
            SignedManifest m = WRITER.sign(new Manifest(TestManifests.SWARM.id().toString(), "d", s, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(s),
                    List.of(), WRITER.author(), new TreeMap<>(), new Totals(0, 0, BLOCKS), List.of(page.cid())));
            inner.put(m.cid(), m.encode());
            manifests.add(m.cid());
            indexes.add(index);
            complete.advance(m.cid(), List.of());
        }
        return complete;
    }

    @Test
    void aStartChecksEveryBlockOfTheNewestSnapshotOnlyAndHoldsTheRest() throws Exception {
        Heads complete = seed();
        // a block of an older snapshot is lost: a start does not look for it (verify and scrub do)
        inner.delete(indexes.get(0).get(7));
        SwarmState state = new SwarmState(cid -> SignedManifest.decode(cid, store.get(cid)));
        BlockExchange exchange = new BlockExchange(null, store, new SwarmGate(TestManifests.SWARM), ExchangeOptions.defaults(), virtual, new Random(1));
        List<Cid> heldTold = new ArrayList<>();
        HeldSnapshots held = new HeldSnapshots(store, ManifestAdmission.forSwarm(TestManifests.SWARM), state, exchange, complete, null,
                IdentityKey.fromSeed(TestManifests.seed(9)), TestManifests.SWARM.id(), virtual.clock(), (cid, m, r) -> heldTold.add(cid));
        Replicator replicator = new Replicator(store, exchange, Set::of, state, home.resolve("daemon/pending"), home.resolve("daemon/work"),
                held, null, virtual);
        held.recover(List.of(), List.of(), replicator);

        assertEquals(SNAPSHOTS, heldTold.size());
        assertEquals(SNAPSHOTS, exchange.holdings().completeCount());
        assertEquals(0, exchange.holdings().partialCount(), "no per-position state for held snapshots");
        assertEquals(BLOCKS, blockLookups.get(), "only the newest snapshot's blocks are looked up");
        assertEquals(1, pageReads.get(), "only the newest snapshot's index page is read");
        assertEquals(BLOCKS, exchange.holdings().view(manifests.get(SNAPSHOTS - 1)).total());
        assertTrue(state.progress(manifests.get(0)).orElseThrow().complete());
        assertTrue(state.cachedManifests() <= SwarmState.MANIFEST_CACHE);
    }

    @Test
    void aNewestSnapshotMissingABlockIsFetchedAgain() throws Exception {
        Heads complete = seed();
        Cid newest = manifests.get(SNAPSHOTS - 1);
        inner.delete(indexes.get(SNAPSHOTS - 1).get(BLOCKS / 2));
        SwarmState state = new SwarmState(cid -> SignedManifest.decode(cid, store.get(cid)));
        BlockExchange exchange = new BlockExchange(null, store, new SwarmGate(TestManifests.SWARM), ExchangeOptions.defaults(), virtual, new Random(1));
        HeldSnapshots held = new HeldSnapshots(store, ManifestAdmission.forSwarm(TestManifests.SWARM), state, exchange, complete, null,
                IdentityKey.fromSeed(TestManifests.seed(9)), TestManifests.SWARM.id(), virtual.clock(), (cid, m, r) -> { });
        Replicator replicator = new Replicator(store, exchange, Set::of, state, home.resolve("daemon/pending"), home.resolve("daemon/work"),
                held, null, virtual);
        held.recover(List.of(), List.of(), replicator);
        assertFalse(exchange.holdings().isComplete(newest));
        assertTrue(Files.exists(home.resolve("daemon/pending").resolve(newest.toString())), "queued for replication");
        assertEquals(SNAPSHOTS - 1, exchange.holdings().completeCount());
    }
}
