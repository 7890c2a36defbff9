package io.phoenix.node.daemon;

import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import java.util.Optional;

/**
 * Decides whether an announced manifest may be accepted and forwarded: its bytes hash to the
 * announced CID, both signatures verify, it names our swarm, and its author is a writer of the
 * swarm definition whose ML-DSA-65 key matches. Pure.
 */
public final class ManifestValidator {
    private final SwarmDefinition definition;
    private final String swarmId;

    public ManifestValidator(SwarmDefinition definition) {
        this.definition = definition;
        this.swarmId = definition.id().toString();
    }

    /** The verified manifest; throws {@link IllegalArgumentException} (or a manifest exception) naming the reason. */
    public SignedManifest validate(io.phoenix.protocol.multiformats.Cid cid, byte[] bytes) {
        SignedManifest m = SignedManifest.decode(cid, bytes);
        m.verify();
        if (!m.manifest().swarmId().equals(swarmId)) {
            throw new IllegalArgumentException("manifest belongs to swarm " + m.manifest().swarmId() + ", not ours (" + swarmId + ")");
        }
        var author = m.manifest().author();
        Optional<Writer> w = definition.writer(author.peerId());
        if (w.isEmpty()) throw new IllegalArgumentException("manifest author " + author.peerId() + " is not a writer of the swarm");
        if (!w.get().matchesKey(author.mlDsa65PublicKey())) {
            throw new IllegalArgumentException("manifest author " + author.peerId() + " signed with an ML-DSA-65 key that is not the writer's");
        }
        return m;
    }
}
