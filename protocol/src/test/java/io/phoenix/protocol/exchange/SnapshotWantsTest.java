package io.phoenix.protocol.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.multiformats.Cid;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotWantsTest {
    static Cid c(int i) {
        return Cid.ofRaw(new byte[] {(byte) i});
    }

    @Test
    void indexPagesBecomeWantsNewestSnapshotAndMindFirst() {
        List<IndexPage> pages = List.of(new IndexPage(List.of(c(1), c(2))), new IndexPage(List.of(c(3), c(1))));
        List<FetchScheduler.Wanted> w = SnapshotWants.of(1, pages, cid -> cid.equals(c(3)) ? SnapshotWants.MIND : SnapshotWants.SPIRIT, 1000);
        assertEquals(List.of(c(1), c(2), c(3)), w.stream().map(FetchScheduler.Wanted::cid).toList()); // duplicates once
        assertEquals(SnapshotWants.priority(1, SnapshotWants.MIND), w.get(2).priority());
        assertTrue(w.get(2).priority() < w.get(0).priority());
        // any block of the newer snapshot beats any of an older one
        assertTrue(SnapshotWants.priority(0, SnapshotWants.UNKNOWN) < SnapshotWants.priority(1, SnapshotWants.STRUCTURE));
        assertTrue(SnapshotWants.priority(0, SnapshotWants.MIND) < SnapshotWants.priority(0, SnapshotWants.BODY));
        assertTrue(SnapshotWants.priority(0, SnapshotWants.BODY) < SnapshotWants.priority(0, SnapshotWants.SPIRIT));
        assertThrows(IllegalArgumentException.class, () -> SnapshotWants.priority(0, 8));
    }
}
