package io.phoenix.node.bridges;

import io.phoenix.node.home.KeyRing;
import io.phoenix.node.snapshot.Heads;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import java.util.Set;

/**
 * The gate a snapshot from outside (a CAR file, a bridge) passes before it joins the local history:
 * the manifest bytes must hash to the root CID, both signatures must verify, and its author must be
 * this home's identity (peer id and ML-DSA-65 key), or, when the home has a swarm file, a writer of
 * that swarm (peer id listed as a writer, matching ML-DSA-65 key) on a manifest naming that swarm.
 * {@link #check} runs before any block is stored; {@link #register} makes the snapshot visible by
 * advancing the heads, after all of its blocks are in the store. Pure apart from {@code register}.
 */
public final class ManifestAdmission {
    private final KeyRing keys;
    private final SwarmDefinition swarm;

    /** Admits manifests written by this home's own key only. */
    public ManifestAdmission(KeyRing keys) {
        this(keys, null);
    }

    /** Admits manifests written by this home's key or, when {@code swarm} is not null, by any writer of that swarm. */
    public ManifestAdmission(KeyRing keys, SwarmDefinition swarm) {
        this.keys = keys;
        this.swarm = swarm;
    }

    /** The verified manifest, or {@link RejectedManifestException} saying what is wrong. */
    public SignedManifest check(Cid root, byte[] bytes) throws RejectedManifestException {
        SignedManifest m;
        try {
            m = SignedManifest.decode(root, bytes);
            m.verify();
        } catch (RuntimeException e) {
            throw new RejectedManifestException("manifest " + root + " refused: " + e.getMessage(), e);
        }
        var author = m.manifest().author();
        if (author.peerId().equals(keys.peerId()) && Arrays.equals(author.mlDsa65PublicKey(), keys.writer().publicKey())) return m;
        if (swarm == null) {
            throw new RejectedManifestException("manifest " + root + " refused: signed by " + author.peerId()
                    + ", not by this home's key " + keys.peerId() + " (and the home has no swarm file naming other writers)", null);
        }
        Optional<Writer> w = swarm.writer(author.peerId());
        if (w.isEmpty()) {
            throw new RejectedManifestException("manifest " + root + " refused: signed by " + author.peerId()
                    + ", which is neither this home's key nor a writer of swarm '" + swarm.name() + "'", null);
        }
        if (!w.get().matchesKey(author.mlDsa65PublicKey())) {
            throw new RejectedManifestException("manifest " + root + " refused: signed by writer " + author.peerId()
                    + " with an ML-DSA-65 key that is not the one in the swarm file", null);
        }
        if (!m.manifest().swarmId().equals(swarm.id().toString())) {
            throw new RejectedManifestException("manifest " + root + " refused: it belongs to swarm " + m.manifest().swarmId()
                    + ", not to this home's swarm " + swarm.id(), null);
        }
        return m;
    }

    /**
     * Makes {@code root} a head of the local history; the heads it descends from are replaced, other
     * heads stay (the history shows every readable snapshot).
     */
    public static void register(Heads heads, Cid root, SignedManifest m) throws IOException {
        Set<Cid> parents = new HashSet<>(m.manifest().parents());
        List<Cid> replaced = new ArrayList<>();
        for (Cid h : heads.list()) if (parents.contains(h)) replaced.add(h);
        heads.advance(root, replaced);
    }
}
