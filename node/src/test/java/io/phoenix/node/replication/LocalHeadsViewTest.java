package io.phoenix.node.replication;

import static io.phoenix.node.replication.TestManifests.WRITER;
import static io.phoenix.node.replication.TestManifests.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.phoenix.protocol.exchange.LocalHoldings;
import io.phoenix.protocol.heads.HeadsView;
import io.phoenix.protocol.heads.PartialHolding;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalHeadsViewTest {
    @Test
    void completeAndPartialSnapshotsAreToldApart() {
        SignedManifest done = manifest(WRITER, 2);
        SignedManifest fetching = manifest(WRITER, 1);
        HeadsView v = LocalHeadsView.of(List.of(SwarmState.Known.of(done.cid(), done), SwarmState.Known.of(fetching.cid(), fetching)),
                done.cid()::equals, c -> new LocalHoldings.View(c, 10, false, 3), List.of());
        assertEquals(2, v.heads().size());
        assertEquals(done.cid(), v.heads().get(0).manifest());
        assertEquals(Set.of(done.cid()), v.complete());
        assertEquals(List.of(new PartialHolding(fetching.cid(), 3, 10)), v.partial());
    }

    @Test
    void headsAndReceiptsAreBounded() {
        List<SwarmState.Known> many = new ArrayList<>();
        for (int i = 100; i > 0; i--) {
            SignedManifest m = manifest(WRITER, i);
            many.add(SwarmState.Known.of(m.cid(), m));
        }
        IdentityKey key = IdentityKey.fromSeed(TestManifests.seed(1));
        List<ReplicationReceipt> receipts = new ArrayList<>();
        for (int i = 0; i < 1_100; i++) receipts.add(ReplicationReceipt.sign(key, TestManifests.SWARM.id(), many.get(0).cid(), 100, i));
        HeadsView v = LocalHeadsView.of(many, c -> true, c -> new LocalHoldings.View(c, 0, false, 0), receipts);
        assertEquals(LocalHeadsView.MAX_HEADS, v.heads().size());
        assertEquals(100, v.heads().get(0).sequence());
        assertEquals(LocalHeadsView.MAX_RECEIPTS, v.receipts().size());
    }
}
