package io.phoenix.node.replication;

import io.phoenix.node.swarm.ManifestAdmission;
import io.phoenix.node.swarm.RejectedManifestException;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.swarm.InvalidReceiptException;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import io.phoenix.protocol.swarm.SwarmDefinition;
import java.util.List;

/**
 * Decides what becomes of a manifest this node hears of (a gossip announcement, a head in a peer's
 * anti-entropy view) and of a replication receipt: pure, no I/O, no clock. The binding
 * ({@link ManifestFetcher}) calls {@link #heard} and, while the decision is {@link Fetch}, fetches
 * the manifest's bytes from that peer and reports them to {@link #delivered}, which admits them by
 * the one {@link ManifestAdmission} rule, asks the next source, or gives up.
 */
public final class ManifestIntake {
    /** What to do next about one manifest CID. */
    public sealed interface Decision {}

    /** Already known (held, fetched or queued): accept the announcement, do nothing else. */
    public record Known(Cid cid) implements Decision {}

    /** Ask {@code from} for the manifest (as a loose block; the local store first, it may have arrived meanwhile). */
    public record Fetch(Cid cid, PeerId from) implements Decision {}

    /** Admitted: record it and queue it for replication; {@code from} delivered it. */
    public record Admit(Cid cid, SignedManifest manifest, PeerId from) implements Decision {}

    /** Refused: forged, foreign, not a manifest. Do not forward it; retrying cannot help. */
    public record Refuse(Cid cid, PeerId from, String reason) implements Decision {}

    /** No source delivered it: do not forward it now; hearing of it again tries again. */
    public record GiveUp(Cid cid) implements Decision {}

    private final ManifestAdmission admission;
    private final SwarmDefinition swarm;

    public ManifestIntake(ManifestAdmission admission, SwarmDefinition swarm) {
        this.admission = admission;
        this.swarm = swarm;
    }

    /**
     * First step for {@code cid}, heard of from {@code sources} (in the order to ask them).
     *
     * @param known whether the node already knows the manifest
     * @param local the manifest's bytes if the local store holds them, else null
     */
    public Decision heard(Cid cid, List<PeerId> sources, boolean known, byte[] local) {
        if (cid.codec() != Cid.DAG_CBOR) return new Refuse(cid, sources.isEmpty() ? null : sources.get(0), "not a DAG-CBOR manifest CID");
        if (known) return new Known(cid);
        if (local != null) return admit(cid, local, sources.isEmpty() ? null : sources.get(0));
        return sources.isEmpty() ? new GiveUp(cid) : new Fetch(cid, sources.get(0));
    }

    /** The step after asking {@code from}: the bytes it delivered (verified by CID, or from the local store), or null. */
    public Decision delivered(Cid cid, List<PeerId> sources, PeerId from, byte[] bytes) {
        if (bytes != null) return admit(cid, bytes, from);
        int next = sources.indexOf(from) + 1;
        return next > 0 && next < sources.size() ? new Fetch(cid, sources.get(next)) : new GiveUp(cid);
    }

    private Decision admit(Cid cid, byte[] bytes, PeerId from) {
        try {
            return new Admit(cid, admission.check(cid, bytes), from);
        } catch (RejectedManifestException e) {
            return new Refuse(cid, from, e.getMessage());
        }
    }

    /** A receipt from gossip: the verified receipt, or {@link InvalidReceiptException} (or a format error) naming the fault. */
    public ReplicationReceipt receipt(byte[] data) {
        ReplicationReceipt r = ReplicationReceipt.decode(data);
        r.verify(swarm, swarm.id());
        return r;
    }
}
