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
 * probes each as deep as {@link #check} says (reads and admits the manifest; for held ones the
 * index pages, and every block only of the newest) and acts on the {@link Verdict}.
 *
 * <p>Why not every block of every held snapshot: that is O(snapshots × blocks) at every start
 * (years of daily snapshots of 20 million blocks). A start checks what it must to advertise a
 * snapshot honestly without reading it all: the manifest, that every index page is there, and every
 * block of the newest held snapshot (the one peers fetch first). Per-block damage in older
 * snapshots is what {@code phoenix verify} and scrubbing find; pending snapshots are resumed, and
 * their fetch skips what is stored.
 */
public final class Recovery {
    private Recovery() {}

    /** Why a snapshot is a candidate. */
    public enum Source { RECORDED_COMPLETE, OWN_HISTORY, PENDING }

    public record Candidate(Cid cid, Source source) {}

    /** How deep a candidate is probed at start. */
    public enum Check {
        /** The manifest only: the fetch that resumes it checks the rest. */
        MANIFEST,
        /** The manifest and the presence of every index page. */
        PAGES,
        /** The manifest, every index page read, and the presence of every block of the index. */
        BLOCKS
    }

    /** What probing a candidate found. */
    public sealed interface Probe {}

    /** The manifest could not be read or was refused. */
    public record Unreadable(String reason) implements Probe {}

    /**
     * The admitted manifest; for held candidates also the index's entry count (counted when every
     * block was checked, else the manifest's {@code totals.blocks}) and whether what was checked is
     * all in the store (pending candidates are not checked: their fetch skips what is stored).
     */
    public record Readable(SignedManifest manifest, long total, boolean allHeld) implements Probe {}

    public sealed interface Verdict {}

    /** Held complete: advertise it ({@code total} entries), sign and publish a receipt, offer it to the bridges. */
    public record Held(SignedManifest manifest, long total) implements Verdict {}

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

    /** How deep to probe {@code c}: {@code newestHeld} says whether it is the newest of the held candidates. */
    public static Check check(Candidate c, boolean newestHeld) {
        if (c.source() == Source.PENDING) return Check.MANIFEST;
        return newestHeld ? Check.BLOCKS : Check.PAGES;
    }

    public static Verdict judge(Candidate c, Probe probe) {
        return switch (probe) {
            case Unreadable u -> new Skip(c.source() == Source.PENDING
                    ? "pending snapshot " + c.cid() + " cannot be resumed: " + u.reason()
                    : "snapshot " + c.cid() + " recorded as held is not readable (" + u.reason() + "); it is left out until a peer announces it again");
            case Readable r when c.source() == Source.PENDING || !r.allHeld() -> new Resume(r.manifest());
            case Readable r -> new Held(r.manifest(), r.total());
        };
    }
}
