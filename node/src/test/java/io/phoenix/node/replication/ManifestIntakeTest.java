package io.phoenix.node.replication;

import static io.phoenix.node.replication.TestManifests.OUTSIDER;
import static io.phoenix.node.replication.TestManifests.SWARM;
import static io.phoenix.node.replication.TestManifests.WRITER;
import static io.phoenix.node.replication.TestManifests.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.replication.ManifestIntake.Admit;
import io.phoenix.node.replication.ManifestIntake.Fetch;
import io.phoenix.node.replication.ManifestIntake.GiveUp;
import io.phoenix.node.replication.ManifestIntake.Known;
import io.phoenix.node.replication.ManifestIntake.Refuse;
import io.phoenix.node.swarm.ManifestAdmission;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import io.phoenix.protocol.testing.TestPeers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Manifest intake as a pure engine: every path an announced CID can take. */
class ManifestIntakeTest {
    final ManifestIntake intake = new ManifestIntake(ManifestAdmission.forSwarm(SWARM), SWARM);
    final PeerId p1 = TestPeers.peer(1);
    final PeerId p2 = TestPeers.peer(2);
    final SignedManifest good = manifest(WRITER, 7);

    @Test
    void aKnownManifestIsAcceptedWithoutFetching() {
        assertEquals(new Known(good.cid()), intake.heard(good.cid(), List.of(p1), true, null));
    }

    @Test
    void aCidThatIsNotAManifestIsRefused() {
        Cid raw = Cid.ofRaw(new byte[] {1});
        assertInstanceOf(Refuse.class, intake.heard(raw, List.of(p1), false, null));
    }

    @Test
    void aManifestAlreadyInTheStoreIsAdmittedWithoutFetching() {
        assertEquals(new Admit(good.cid(), good, p1), intake.heard(good.cid(), List.of(p1), false, good.encode()));
    }

    @Test
    void sourcesAreAskedInOrderUntilOneDelivers() {
        List<PeerId> sources = List.of(p1, p2);
        assertEquals(new Fetch(good.cid(), p1), intake.heard(good.cid(), sources, false, null));
        assertEquals(new Fetch(good.cid(), p2), intake.delivered(good.cid(), sources, p1, null));
        assertEquals(new Admit(good.cid(), good, p2), intake.delivered(good.cid(), sources, p2, good.encode()));
    }

    @Test
    void nobodyDeliveringGivesUp() {
        List<PeerId> sources = List.of(p1, p2);
        intake.heard(good.cid(), sources, false, null);
        intake.delivered(good.cid(), sources, p1, null);
        assertEquals(new GiveUp(good.cid()), intake.delivered(good.cid(), sources, p2, null));
        assertEquals(new GiveUp(good.cid()), intake.heard(good.cid(), List.of(), false, null));
    }

    @Test
    void ForgedManifestIsRefusedAndNoOtherSourceIsAsked() {
        SignedManifest m = manifest(WRITER, 8);
        byte[] sig = m.ed25519Signature();
        sig[0] ^= 1;
        SignedManifest forged = new SignedManifest(m.manifest(), sig, m.mlDsa65Signature());
        var d = intake.delivered(forged.cid(), List.of(p1, p2), p1, forged.encode());
        Refuse r = assertInstanceOf(Refuse.class, d);
        assertEquals(p1, r.from());
    }

    @Test
    void ManifestOfANonWriterIsRefused() {
        SignedManifest m = manifest(OUTSIDER, 9);
        Refuse r = assertInstanceOf(Refuse.class, intake.delivered(m.cid(), List.of(p1), p1, m.encode()));
        assertTrue(r.reason().contains("not a writer of swarm 'family'"), r.reason());
    }

    @Test
    void aSignedReceiptOfASiteIsAcceptedAndAForgedOneRefused() {
        IdentityKey writerKey = IdentityKey.fromSeed(TestManifests.seed(1));
        ReplicationReceipt r = ReplicationReceipt.sign(writerKey, SWARM.id(), good.cid(), 7, 1_000);
        assertEquals(r.site(), intake.receipt(r.encode()).site());
        byte[] forged = r.encode();
        forged[forged.length - 1] ^= 1;
        assertThrows(RuntimeException.class, () -> intake.receipt(forged));
    }
}
