package io.phoenix.node.replication;

import static io.phoenix.node.replication.TestManifests.WRITER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.manifest.Manifest;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.manifest.Totals;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the daemon keeps of the swarm stays bounded however many snapshots it knows. */
class SwarmStateTest {
    /** An unsigned manifest (the state never verifies; admission did): cheap to make ten thousand of. */
    static SignedManifest manifest(long sequence) {
        Manifest m = new Manifest(TestManifests.SWARM.id().toString(), "d", sequence, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(sequence),
                List.of(), WRITER.author(), new TreeMap<>(), new Totals(0, 0, 0), List.of());
        return new SignedManifest(m, new byte[64], new byte[3309]);
    }

    final Map<Cid, SignedManifest> store = new HashMap<>();
    final AtomicInteger reads = new AtomicInteger();
    final SwarmState state = new SwarmState(cid -> {
        reads.incrementAndGet();
        SignedManifest m = store.get(cid);
        if (m == null) throw new IOException("block not found");
        return m;
    });

    @Test
    void tenThousandManifestsKeepAtMostTheCacheInTheHeapAndListTheNewestInOrder() {
        List<Cid> cids = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            SignedManifest m = manifest(i * 7L % 10_007); // added in no particular order
            store.put(m.cid(), m);
            cids.add(m.cid());
            assertTrue(state.addManifest(m.cid(), m));
            assertTrue(state.cachedManifests() <= SwarmState.MANIFEST_CACHE, "full manifests in the heap: " + state.cachedManifests());
        }
        assertEquals(10_000, state.knownCount());
        List<SwarmState.Known> newest = state.newestFirst(3);
        assertEquals(3, newest.size());
        assertTrue(newest.get(0).sequence() > newest.get(1).sequence() && newest.get(1).sequence() > newest.get(2).sequence());
        long top = store.values().stream().mapToLong(m -> m.manifest().sequence()).max().orElseThrow();
        assertEquals(top, newest.get(0).sequence());
        // an old manifest left the cache and is read back from the store
        int before = reads.get();
        SignedManifest old = state.manifest(cids.get(0)).orElseThrow();
        assertEquals(store.get(cids.get(0)), old);
        assertEquals(before + 1, reads.get());
        assertEquals(top, state.latest().orElseThrow().getValue().manifest().sequence());
        assertTrue(state.cachedManifests() <= SwarmState.MANIFEST_CACHE);
        assertTrue(state.manifest(Cid.ofRaw(new byte[] {1})).isEmpty(), "unknown");
        assertFalse(state.addManifest(cids.get(1), store.get(cids.get(1))), "known already");
    }

    @Test
    void receiptsAreKeptForTheNewestSnapshotsOnly() {
        IdentityKey[] sites = {IdentityKey.fromSeed(TestManifests.seed(5)), IdentityKey.fromSeed(TestManifests.seed(6))};
        for (int seq = 1; seq <= 1_000; seq++) {
            Cid m = manifest(seq).cid();
            for (IdentityKey k : sites) assertTrue(state.addReceipt(ReplicationReceipt.sign(k, TestManifests.SWARM.id(), m, seq, seq)));
        }
        List<ReplicationReceipt> kept = state.allReceipts();
        assertEquals(SwarmState.RECEIPT_MANIFESTS * sites.length, kept.size());
        assertEquals(1_000 - SwarmState.RECEIPT_MANIFESTS + 1, kept.stream().mapToLong(ReplicationReceipt::sequence).min().orElseThrow());
        assertEquals(2, state.receipts(manifest(1_000).cid()).size());
        assertTrue(state.receipts(manifest(1).cid()).isEmpty(), "the oldest snapshot's receipts were dropped");
        // a receipt for a snapshot older than every one kept is not news and not kept
        assertFalse(state.addReceipt(ReplicationReceipt.sign(sites[0], TestManifests.SWARM.id(), manifest(2).cid(), 2, 5_000)));
        assertEquals(SwarmState.RECEIPT_MANIFESTS * sites.length, state.allReceipts().size());
        assertTrue(state.lastSeen(sites[0].peerId()).isPresent());
    }
}
