package io.phoenix.protocol.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotWantsTest {
    static Cid c(int i) {
        return Cid.ofRaw(new byte[] {(byte) i});
    }

    static List<Wanted> drain(WantSource s) throws IOException {
        List<Wanted> out = new ArrayList<>();
        for (Wanted w; (w = s.poll()) != null; ) out.add(w);
        return out;
    }

    @Test
    void prioritiesPutNewerSnapshotsAndMindFirst() {
        // any block of the newer snapshot beats any of an older one
        assertTrue(SnapshotWants.priority(0, SnapshotWants.UNKNOWN) < SnapshotWants.priority(1, SnapshotWants.STRUCTURE));
        assertTrue(SnapshotWants.priority(0, SnapshotWants.MIND) < SnapshotWants.priority(0, SnapshotWants.BODY));
        assertTrue(SnapshotWants.priority(0, SnapshotWants.BODY) < SnapshotWants.priority(0, SnapshotWants.SPIRIT));
        assertThrows(IllegalArgumentException.class, () -> SnapshotWants.priority(0, 8));
    }

    @Test
    void indexOrderYieldsEveryPositionOnceWithItsPriority() throws IOException {
        SnapshotIndex index = SnapshotIndex.of(List.of(c(1), c(2), c(3)));
        WantSource s = SnapshotWants.inIndexOrder(index, 1, SnapshotWants.SPIRIT, 1000);
        assertFalse(s.exhausted());
        List<Wanted> w = drain(s);
        assertEquals(List.of(c(1), c(2), c(3)), w.stream().map(Wanted::cid).toList());
        assertEquals(List.of(0L, 1L, 2L), w.stream().map(Wanted::position).toList());
        assertEquals(SnapshotWants.priority(1, SnapshotWants.SPIRIT), w.get(2).priority());
        assertEquals(1000, w.get(0).sizeHint());
        assertTrue(s.exhausted());
        assertNull(s.poll());
    }

    @Test
    void concatenationTakesTheSecondSourceOnlyWhenTheFirstIsExhausted() throws IOException {
        SnapshotIndex index = SnapshotIndex.of(List.of(c(1), c(2)));
        WantSource first = SnapshotWants.of(List.of(new Wanted(c(2), 1, SnapshotWants.priority(0, SnapshotWants.MIND), 0)));
        WantSource both = SnapshotWants.concat(first, SnapshotWants.inIndexOrder(index));
        List<Wanted> w = drain(both);
        assertEquals(List.of(c(2), c(1), c(2)), w.stream().map(Wanted::cid).toList());
        assertEquals(SnapshotWants.priority(0, SnapshotWants.MIND), w.get(0).priority());
        assertTrue(both.exhausted());
    }
}
