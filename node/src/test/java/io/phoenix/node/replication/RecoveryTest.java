package io.phoenix.node.replication;

import static io.phoenix.node.replication.TestManifests.WRITER;
import static io.phoenix.node.replication.TestManifests.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.replication.Recovery.Candidate;
import io.phoenix.node.replication.Recovery.Source;
import io.phoenix.node.snapshot.SnapshotHistory;
import io.phoenix.protocol.manifest.Manifest;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.manifest.Totals;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What a starting node makes of what it finds on disk. */
class RecoveryTest {
    final SignedManifest a = manifest(WRITER, 1);
    final SignedManifest b = manifest(WRITER, 2);
    final SignedManifest foreign = WRITER.sign(new Manifest("another-swarm", "d", 3, Instant.parse("2026-11-25T00:00:00Z"), List.of(),
            WRITER.author(), new TreeMap<>(), new Totals(0, 0, 0), List.of()));
    final String swarm = TestManifests.SWARM.id().toString();

    @Test
    void eachSnapshotIsLookedAtOnceHeldOnesFirst() {
        List<Candidate> c = Recovery.candidates(List.of(a.cid()),
                List.of(new SnapshotHistory.Snapshot(b.cid(), b), new SnapshotHistory.Snapshot(a.cid(), a)), swarm, List.of(b.cid(), a.cid()));
        assertEquals(List.of(new Candidate(a.cid(), Source.RECORDED_COMPLETE), new Candidate(b.cid(), Source.OWN_HISTORY)), c);
    }

    @Test
    void aWritersOwnSnapshotsOfAnotherSwarmAreNotCandidates() {
        List<Candidate> c = Recovery.candidates(List.of(), List.of(new SnapshotHistory.Snapshot(foreign.cid(), foreign)), swarm, List.of());
        assertEquals(List.of(), c);
    }

    @Test
    void aHeldSnapshotWithEveryBlockIsHeld() {
        var v = Recovery.judge(new Candidate(a.cid(), Source.RECORDED_COMPLETE), new Recovery.Readable(a, 1, true));
        assertEquals(new Recovery.Held(a, 1), v);
    }

    @Test
    void aSnapshotRecordedCompleteButMissingBlocksIsFetchedAgain() {
        var v = Recovery.judge(new Candidate(a.cid(), Source.RECORDED_COMPLETE), new Recovery.Readable(a, 0, false));
        assertEquals(new Recovery.Resume(a), v);
    }

    @Test
    void aPendingSnapshotIsResumed() {
        var v = Recovery.judge(new Candidate(b.cid(), Source.PENDING), new Recovery.Readable(b, 0, false));
        assertEquals(new Recovery.Resume(b), v);
    }

    @Test
    void onlyTheNewestHeldSnapshotHasEveryBlockCheckedAtStart() {
        assertEquals(Recovery.Check.BLOCKS, Recovery.check(new Candidate(b.cid(), Source.RECORDED_COMPLETE), true));
        assertEquals(Recovery.Check.PAGES, Recovery.check(new Candidate(a.cid(), Source.RECORDED_COMPLETE), false));
        assertEquals(Recovery.Check.PAGES, Recovery.check(new Candidate(a.cid(), Source.OWN_HISTORY), false));
        assertEquals(Recovery.Check.MANIFEST, Recovery.check(new Candidate(b.cid(), Source.PENDING), false), "its fetch checks the rest");
    }

    @Test
    void anUnreadableSnapshotIsLeftOutWithAReason() {
        var held = assertInstanceOf(Recovery.Skip.class,
                Recovery.judge(new Candidate(a.cid(), Source.RECORDED_COMPLETE), new Recovery.Unreadable("block not found")));
        assertTrue(held.message().contains("recorded as held is not readable (block not found)"), held.message());
        var pending = assertInstanceOf(Recovery.Skip.class,
                Recovery.judge(new Candidate(b.cid(), Source.PENDING), new Recovery.Unreadable("refused")));
        assertTrue(pending.message().startsWith("pending snapshot " + b.cid() + " cannot be resumed: refused"), pending.message());
    }
}
