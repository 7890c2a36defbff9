package io.phoenix.node.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.manifest.Manifest;
import io.phoenix.protocol.manifest.ManifestSigner;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.manifest.Totals;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import io.phoenix.protocol.testing.TestPeers;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ManifestValidatorTest {
    static final byte[] SEED_A = seed(1);
    static final byte[] SEED_B = seed(2);
    static final MlDsa65KeyPair ML_A = MlDsa65KeyPair.fromSeed(new byte[32]);
    static final MlDsa65KeyPair ML_B = MlDsa65KeyPair.fromSeed(seed(9));

    static byte[] seed(int n) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) n);
        return s;
    }

    final ManifestSigner writer = new ManifestSigner(SEED_A, ML_A);
    final ManifestSigner outsider = new ManifestSigner(SEED_B, ML_B);
    final SwarmDefinition swarm = SwarmDefinition.empty("s")
            .withSite(new Site("a", writer.author().peerId(), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/1")), SiteRole.FULL),
                    Writer.withKey(writer.author().peerId(), ML_A.publicKey()), true)
            .withSite(new Site("b", outsider.author().peerId(), List.of(), SiteRole.FULL), null, true);
    final ManifestValidator validator = new ManifestValidator(swarm);

    SignedManifest manifest(ManifestSigner s, String swarmId) {
        return s.sign(new Manifest(swarmId, "d", 1, Instant.parse("2026-11-25T02:00:00Z"), List.of(), s.author(),
                new TreeMap<>(), new Totals(0, 0, 0), List.of()));
    }

    @Test
    void writersManifestIsAccepted() {
        SignedManifest m = manifest(writer, swarm.id().toString());
        assertEquals(m, validator.validate(m.cid(), m.encode()));
    }

    @Test
    void ForgedManifestIsRejected() {
        SignedManifest m = manifest(writer, swarm.id().toString());
        byte[] sig = m.ed25519Signature();
        sig[0] ^= 1;
        SignedManifest forged = new SignedManifest(m.manifest(), sig, m.mlDsa65Signature());
        assertThrows(RuntimeException.class, () -> validator.validate(forged.cid(), forged.encode()));
    }

    @Test
    void ManifestByNonWriterIsRejected() {
        SignedManifest m = manifest(outsider, swarm.id().toString());
        var e = assertThrows(IllegalArgumentException.class, () -> validator.validate(m.cid(), m.encode()));
        assertEquals(true, e.getMessage().contains("not a writer"));
    }

    @Test
    void ManifestOfAnotherSwarmIsRejected() {
        SignedManifest m = manifest(writer, "another-swarm");
        assertThrows(IllegalArgumentException.class, () -> validator.validate(m.cid(), m.encode()));
    }

    @Test
    void BytesNotMatchingTheAnnouncedCidAreRejected() {
        SignedManifest m = manifest(writer, swarm.id().toString());
        Cid other = Cid.of(Cid.DAG_CBOR, new byte[] {1, 2, 3});
        assertThrows(RuntimeException.class, () -> validator.validate(other, m.encode()));
    }
}
