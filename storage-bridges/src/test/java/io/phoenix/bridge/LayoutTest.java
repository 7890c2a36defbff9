package io.phoenix.bridge;

import io.phoenix.protocol.testing.MapBlockStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.store.BlockNotFoundException;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutTest {
    @Test
    void manifestLayoutWalksEveryIndexPage() throws Exception {
        MapBlockStore store = new MapBlockStore();
        int count = IndexPage.CAPACITY + 10; // two index pages
        Snapshot s = TestSnapshots.manifest(store, 7, count, 16, 40);
        assertEquals(count + 2 + 1, s.blocks().size()); // blocks + 2 pages + manifest
        assertEquals(s.root(), s.blocks().get(0));
        assertEquals(store.contents().keySet(), new HashSet<>(s.blocks()));
        // the generic DAG-CBOR walk finds the same set in the real manifest
        assertEquals(new HashSet<>(s.blocks()), new HashSet<>(new DagWalkLayout().blocksOf(s.root(), store::get)));
    }

    @Test
    void dagWalkFollowsPagesAndNotRawBlocks() throws Exception {
        MapBlockStore store = new MapBlockStore();
        Snapshot s = TestSnapshots.dag(store, 3, 50, 1, 100, 7);
        assertEquals(50 + 8 + 1, s.blocks().size());
        List<Cid> reads = new java.util.ArrayList<>();
        new DagWalkLayout().blocksOf(s.root(), cid -> {
            reads.add(cid);
            return store.get(cid);
        });
        assertTrue(reads.stream().allMatch(c -> c.codec() == Cid.DAG_CBOR), reads.toString());
        assertEquals(9, reads.size());
    }

    @Test
    void MissingIndexPageIsReported() throws Exception {
        MapBlockStore store = new MapBlockStore();
        Snapshot s = TestSnapshots.small(store, 9);
        Cid page = s.blocks().stream().filter(c -> c.codec() == Cid.DAG_CBOR && !c.equals(s.root())).findFirst().orElseThrow();
        store.delete(page);
        BlockNotFoundException e = assertThrows(BlockNotFoundException.class, () -> new ManifestLayout().blocksOf(s.root(), store::get));
        assertEquals(page, e.cid());
    }

    @Test
    void ManifestWithWrongBytesIsRejected() throws Exception {
        MapBlockStore store = new MapBlockStore();
        Snapshot s = TestSnapshots.small(store, 10);
        byte[] other = store.get(s.blocks().get(5));
        assertThrows(FormatException.class, () -> new ManifestLayout().blocksOf(s.root(), cid -> other));
    }
}
