package io.phoenix.node.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.home.KeyRing;
import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.manifest.IndexWriter;
import io.phoenix.protocol.manifest.Manifest;
import io.phoenix.protocol.manifest.ManifestSigner;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.manifest.Totals;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import io.phoenix.protocol.testing.MapBlockStore;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The one admission rule: who may bring a snapshot in, by gossip or anti-entropy (the daemon's rule,
 * {@link ManifestAdmission#forSwarm}) or from a CAR file or a bridge (a home's rule, which also
 * takes back the home's own history).
 */
class ManifestAdmissionTest {
    static byte[] seed(int n) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) n);
        return s;
    }

    final IdentityKey idA = IdentityKey.fromSeed(seed(1));
    final MlDsa65KeyPair mlA = MlDsa65KeyPair.fromSeed(seed(2));
    final KeyRing home = KeyRing.of(idA, mlA, new byte[32]);
    final ManifestSigner writerB = new ManifestSigner(seed(3), MlDsa65KeyPair.fromSeed(seed(4)));
    final ManifestSigner outsider = new ManifestSigner(seed(5), MlDsa65KeyPair.fromSeed(seed(6)));
    final SwarmDefinition swarm = SwarmDefinition.empty("family")
            .withSite(new Site("a", idA.peerId(), List.of(), SiteRole.FULL), Writer.withKey(idA.peerId(), mlA.publicKey()), true)
            .withSite(new Site("b", writerB.author().peerId(), List.of(), SiteRole.FULL),
                    Writer.withKey(writerB.author().peerId(), writerB.author().mlDsa65PublicKey()), true);

    static SignedManifest manifest(ManifestSigner signer, String swarmId) throws Exception {
        MapBlockStore store = new MapBlockStore();
        IndexWriter index = new IndexWriter(store::put);
        byte[] data = "a block".getBytes();
        Cid block = Cid.ofRaw(data);
        index.add(block);
        TreeMap<String, Cid> layers = new TreeMap<>();
        layers.put("mind", block);
        return signer.sign(new Manifest(swarmId, "test", 1, Instant.parse("2026-11-25T00:00:00Z"), List.of(), signer.author(), layers,
                new Totals(1, data.length, 1), index.finish()));
    }

    @Test
    void ManifestOfAnotherWriterOfTheSwarmIsAdmitted() throws Exception {
        SignedManifest m = manifest(writerB, swarm.id().toString());
        assertEquals(m.cid(), ManifestAdmission.forHome(home, swarm).check(m.cid(), m.encode()).cid());
    }

    @Test
    void ManifestOfAnotherSiteIsRefusedWithoutASwarmFile() throws Exception {
        SignedManifest m = manifest(writerB, swarm.id().toString());
        var e = assertThrows(RejectedManifestException.class, () -> ManifestAdmission.forHome(home, null).check(m.cid(), m.encode()));
        assertTrue(e.getMessage().contains("no swarm file"), e.getMessage());
    }

    @Test
    void ManifestOfANonWriterIsRefused() throws Exception {
        SignedManifest m = manifest(outsider, swarm.id().toString());
        var e = assertThrows(RejectedManifestException.class, () -> ManifestAdmission.forHome(home, swarm).check(m.cid(), m.encode()));
        assertTrue(e.getMessage().contains("neither this home's key nor a writer"), e.getMessage());
    }

    @Test
    void WriterPeerWithAnotherMlDsaKeyIsRefused() throws Exception {
        ManifestSigner impostor = new ManifestSigner(seed(3), MlDsa65KeyPair.fromSeed(seed(7)));
        SignedManifest m = manifest(impostor, swarm.id().toString());
        var e = assertThrows(RejectedManifestException.class, () -> ManifestAdmission.forHome(home, swarm).check(m.cid(), m.encode()));
        assertTrue(e.getMessage().contains("not the one in the swarm file"), e.getMessage());
    }

    @Test
    void WriterManifestOfAnotherSwarmIsRefused() throws Exception {
        SignedManifest m = manifest(writerB, "local");
        var e = assertThrows(RejectedManifestException.class, () -> ManifestAdmission.forHome(home, swarm).check(m.cid(), m.encode()));
        assertTrue(e.getMessage().contains("belongs to swarm local"), e.getMessage());
    }

    @Test
    void ForgedSignatureOfASwarmWriterIsRefused() throws Exception {
        SignedManifest m = manifest(writerB, swarm.id().toString());
        byte[] bytes = m.encode();
        bytes[bytes.length - 10] ^= 1; // inside a signature (or the structure: refused either way)
        Cid forged = Cid.of(Cid.DAG_CBOR, bytes);
        assertThrows(RejectedManifestException.class, () -> ManifestAdmission.forHome(home, swarm).check(forged, bytes));
    }

    // ---- the daemon's rule: writers of the swarm, naming the swarm ------------------------------

    @Test
    void SwarmWriterManifestIsAdmittedByTheDaemon() throws Exception {
        SignedManifest m = manifest(writerB, swarm.id().toString());
        assertEquals(m, ManifestAdmission.forSwarm(swarm).check(m.cid(), m.encode()));
    }

    @Test
    void DaemonRefusesANonWriter() throws Exception {
        SignedManifest m = manifest(outsider, swarm.id().toString());
        var e = assertThrows(RejectedManifestException.class, () -> ManifestAdmission.forSwarm(swarm).check(m.cid(), m.encode()));
        assertTrue(e.getMessage().contains("not a writer of swarm 'family'"), e.getMessage());
    }

    @Test
    void DaemonRefusesAWriterManifestOfAnotherSwarm() throws Exception {
        SignedManifest m = manifest(writerB, "another-swarm");
        var e = assertThrows(RejectedManifestException.class, () -> ManifestAdmission.forSwarm(swarm).check(m.cid(), m.encode()));
        assertTrue(e.getMessage().contains("belongs to swarm another-swarm"), e.getMessage());
    }

    @Test
    void DaemonDoesNotTreatAnyKeyAsItsOwn() throws Exception {
        // the home's key is a writer here: its manifest for another swarm is refused by the daemon, admitted by the home
        ManifestSigner own = new ManifestSigner(seed(1), mlA);
        SignedManifest m = manifest(own, "standalone");
        assertThrows(RejectedManifestException.class, () -> ManifestAdmission.forSwarm(swarm).check(m.cid(), m.encode()));
        assertEquals(m.cid(), ManifestAdmission.forHome(home, swarm).check(m.cid(), m.encode()).cid());
    }

    @Test
    void BytesNotMatchingTheAnnouncedCidAreRefused() throws Exception {
        SignedManifest m = manifest(writerB, swarm.id().toString());
        Cid other = Cid.of(Cid.DAG_CBOR, new byte[] {1, 2, 3});
        assertThrows(RejectedManifestException.class, () -> ManifestAdmission.forSwarm(swarm).check(other, m.encode()));
    }
}
