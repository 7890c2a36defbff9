package io.phoenix.node.replication;

import io.phoenix.node.snapshot.SnapshotHistory;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a starting node makes of the snapshots it finds on disk: pure decisions, no I/O. The
 * candidates are the snapshots recorded as held complete ({@code <home>/daemon/complete}), a writer's
 * own history in this swarm, and the snapshots whose replication an earlier run left unfinished
 * ({@code <home>/daemon/pending}); each is looked at once. The binding ({@link HeldSnapshots})
 * probes each (reads and admits the manifest, and for held ones the block index) and acts on the
 * {@link Verdict}.
 */
public final class Recovery {
    private Recovery() {}

    /** Why a snapshot is a candidate. */
    public enum Source { RECORDED_COMPLETE, OWN_HISTORY, PENDING }

    public record Candidate(Cid cid, Source source) {}

    /** What probing a candidate found. */
    public sealed interface Probe {}

    /** The manifest could not be read or was refused. */
    public record Unreadable(String reason) implements Probe {}

    /**
     * The admitted manifest; for held candidates also the block index and whether the store has
     * every block of it (pending candidates are not checked: their fetch skips what is stored).
     */
    public record Readable(SignedManifest manifest, List<Cid> index, boolean allHeld) implements Probe {}

    public sealed interface Verdict {}

    /** Held complete: advertise it, sign and publish a receipt, offer it to the bridges. */
    public record Held(SignedManifest manifest, List<Cid> index) implements Verdict {}

    /** Not (or no longer) complete: queue it for replication. */
    public record Resume(SignedManifest manifest) implements Verdict {}

    /** Left out, with the line to log. */
    public record Skip(String message) implements Verdict {}

    /**
     * The snapshots to probe, each once, held ones first: recorded complete, then the writer's own
     * history naming {@code swarmId} (its manifests of other swarms are not this swarm's), then pending.
     */
    public static List<Candidate> candidates(Collection<Cid> recordedComplete, List<SnapshotHistory.Snapshot> ownHistory,
                                             String swarmId, Collection<Cid> pending) {
        Map<Cid, Candidate> out = new LinkedHashMap<>();
        for (Cid c : recordedComplete) out.putIfAbsent(c, new Candidate(c, Source.RECORDED_COMPLETE));
        for (SnapshotHistory.Snapshot s : ownHistory) {
            if (s.signed().manifest().swarmId().equals(swarmId)) out.putIfAbsent(s.cid(), new Candidate(s.cid(), Source.OWN_HISTORY));
        }
        for (Cid c : pending) out.putIfAbsent(c, new Candidate(c, Source.PENDING));
        return new ArrayList<>(out.values());
    }

    public static Verdict judge(Candidate c, Probe probe) {
        return switch (probe) {
            case Unreadable u -> new Skip(c.source() == Source.PENDING
                    ? "pending snapshot " + c.cid() + " cannot be resumed: " + u.reason()
                    : "snapshot " + c.cid() + " recorded as held is not readable (" + u.reason() + "); it is left out until a peer announces it again");
            case Readable r when c.source() == Source.PENDING || !r.allHeld() -> new Resume(r.manifest());
            case Readable r -> new Held(r.manifest(), r.index());
        };
    }
}
