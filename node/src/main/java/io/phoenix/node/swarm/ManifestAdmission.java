package io.phoenix.node.swarm;

import io.phoenix.node.home.KeyRing;
import io.phoenix.node.snapshot.Heads;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one rule by which a manifest from outside joins what this node holds, whether it arrives by
 * gossip, anti-entropy, a CAR file or a bridge: its bytes must hash to the CID it was named by, both
 * signatures must verify, and either
 * <ul>
 *   <li>it names this node's swarm and its author is a writer of that swarm (peer id listed as a
 *       writer, ML-DSA-65 key the one the swarm file gives), or</li>
 *   <li>its author is this home's own key (peer id and ML-DSA-65 key): a home always takes back its
 *       own history (a standalone home has no swarm file; only {@link #forHome} admits this).</li>
 * </ul>
 * {@link #check} runs before anything is stored; {@link #register} makes an admitted snapshot a
 * head of the local history once all of its blocks are in the store. Pure apart from {@code register}.
 */
public final class ManifestAdmission {
    private final SwarmDefinition swarm;
    private final PeerId ownPeer;
    private final byte[] ownWriterKey;

    private ManifestAdmission(SwarmDefinition swarm, PeerId ownPeer, byte[] ownWriterKey) {
        this.swarm = swarm;
        this.ownPeer = ownPeer;
        this.ownWriterKey = ownWriterKey;
    }

    /** The daemon's rule: manifests of the writers of {@code swarm}, naming it. */
    public static ManifestAdmission forSwarm(SwarmDefinition swarm) {
        return new ManifestAdmission(swarm, null, null);
    }

    /** A home's rule (CAR import, bridge restore): its own manifests, or, when {@code swarm} is not null, those of the swarm's writers. */
    public static ManifestAdmission forHome(KeyRing keys, SwarmDefinition swarm) {
        return new ManifestAdmission(swarm, keys.peerId(), keys.writer().publicKey());
    }

    /** The verified manifest, or {@link RejectedManifestException} saying what is wrong (retrying cannot help). */
    public SignedManifest check(Cid root, byte[] bytes) throws RejectedManifestException {
        SignedManifest m;
        try {
            m = SignedManifest.decode(root, bytes);
            m.verify();
        } catch (RuntimeException e) {
            throw refused(root, e.getMessage(), e);
        }
        var author = m.manifest().author();
        if (ownPeer != null && author.peerId().equals(ownPeer) && Arrays.equals(author.mlDsa65PublicKey(), ownWriterKey)) return m;
        if (swarm == null) {
            throw refused(root, "signed by " + author.peerId() + ", not by this home's key " + ownPeer
                    + " (and the home has no swarm file naming other writers)", null);
        }
        Optional<Writer> w = swarm.writer(author.peerId());
        if (w.isEmpty()) {
            throw refused(root, "signed by " + author.peerId() + ", which is " + (ownPeer == null ? "not" : "neither this home's key nor")
                    + " a writer of swarm '" + swarm.name() + "'", null);
        }
        if (!w.get().matchesKey(author.mlDsa65PublicKey())) {
            throw refused(root, "signed by writer " + author.peerId() + " with an ML-DSA-65 key that is not the one in the swarm file", null);
        }
        if (!m.manifest().swarmId().equals(swarm.id().toString())) {
            throw refused(root, "it belongs to swarm " + m.manifest().swarmId() + ", not to this node's swarm " + swarm.id(), null);
        }
        return m;
    }

    private static RejectedManifestException refused(Cid root, String why, Throwable cause) {
        return new RejectedManifestException("manifest " + root + " refused: " + why, cause);
    }

    /**
     * Makes {@code root} a head of the local history: the heads it descends from are replaced, other
     * heads stay (the history shows every readable snapshot).
     */
    public static void register(Heads heads, Cid root, SignedManifest m) throws IOException {
        Set<Cid> parents = new HashSet<>(m.manifest().parents());
        List<Cid> replaced = new ArrayList<>();
        for (Cid h : heads.list()) if (parents.contains(h)) replaced.add(h);
        heads.advance(root, replaced);
    }
}
