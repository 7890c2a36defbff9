package io.phoenix.node.replication;

import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.manifest.Manifest;
import io.phoenix.protocol.manifest.ManifestSigner;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.manifest.Totals;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/** A swarm with one writer and one other site, and manifests signed by either. */
final class TestManifests {
    static final ManifestSigner WRITER = new ManifestSigner(seed(1), MlDsa65KeyPair.fromSeed(seed(2)));
    static final ManifestSigner OUTSIDER = new ManifestSigner(seed(3), MlDsa65KeyPair.fromSeed(seed(4)));
    static final SwarmDefinition SWARM = SwarmDefinition.empty("family")
            .withSite(new Site("w", WRITER.author().peerId(), List.of(), SiteRole.FULL),
                    Writer.withKey(WRITER.author().peerId(), WRITER.author().mlDsa65PublicKey()), true)
            .withSite(new Site("o", OUTSIDER.author().peerId(), List.of(), SiteRole.FULL), null, true);

    private TestManifests() {}

    static byte[] seed(int n) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) n);
        return s;
    }

    static SignedManifest manifest(ManifestSigner signer, long sequence) {
        return signer.sign(new Manifest(SWARM.id().toString(), "d", sequence, Instant.parse("2026-11-25T02:00:00Z").plusSeconds(sequence),
                List.of(), signer.author(), new TreeMap<>(), new Totals(0, 0, 0), List.of()));
    }
}
