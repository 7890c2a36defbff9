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
        assertEquals(count + 2 + 1, TestSnapshots.blocks(s).size()); // blocks + 2 pages + manifest
        assertEquals(s.root(), TestSnapshots.blocks(s).get(0));
        assertEquals(store.contents().keySet(), new HashSet<>(TestSnapshots.blocks(s)));
        // the generic DAG-CBOR walk finds the same set in the real manifest
        assertEquals(new HashSet<>(TestSnapshots.blocks(s)), new HashSet<>(TestSnapshots.walk(new DagWalkLayout(), s.root(), store::get)));
    }

    @Test
    void dagWalkFollowsPagesAndNotRawBlocks() throws Exception {
        MapBlockStore store = new MapBlockStore();
        Snapshot s = TestSnapshots.dag(store, 3, 50, 1, 100, 7);
        assertEquals(50 + 8 + 1, TestSnapshots.blocks(s).size());
        List<Cid> reads = new java.util.ArrayList<>();
        TestSnapshots.walk(new DagWalkLayout(), s.root(), cid -> {
            reads.add(cid);
            return store.get(cid);
        });
        assertTrue(reads.stream().allMatch(c -> c.codec() == Cid.DAG_CBOR), reads.toString());
        assertEquals(9, reads.size());
    }

    @Test
    void walksHandEachBlockOutOnceInAStableOrder() throws Exception {
        MapBlockStore store = new MapBlockStore();
        Snapshot s = TestSnapshots.manifest(store, 8, IndexPage.CAPACITY + 5, 8, 16); // two pages
        for (SnapshotLayout layout : List.of(new ManifestLayout(), new DagWalkLayout())) {
            List<Cid> first = TestSnapshots.walk(layout, s.root(), store::get);
            assertEquals(first.size(), new HashSet<>(first).size(), layout + " handed a block out twice");
            assertEquals(store.contents().keySet(), new HashSet<>(first));
            assertEquals(first, TestSnapshots.walk(layout, s.root(), store::get));
        }
    }

    @Test
    void HostileDagOfIndexBlocksIsRefusedBeforeItFillsTheHeap() throws Exception {
        // a chain of DAG-CBOR blocks, each linking to the next: every one is held while walking
        MapBlockStore store = new MapBlockStore();
        Cid next = null;
        for (int i = 0; i < 50; i++) {
            byte[] b = io.phoenix.protocol.ipld.DagCbor.encode(next == null ? java.util.Map.of("n", (long) i)
                    : java.util.Map.of("n", (long) i, "next", next));
            next = Cid.of(Cid.DAG_CBOR, b);
            store.put(next, b);
        }
        Cid root = next;
        FormatException e = assertThrows(FormatException.class, () -> TestSnapshots.walk(new DagWalkLayout(1_000, 20), root, store::get));
        assertTrue(e.getMessage().contains("more than 20 index blocks"), e.getMessage());
        assertEquals(50, TestSnapshots.walk(new DagWalkLayout(1_000, 100), root, store::get).size());
    }

    @Test
    void MissingIndexPageIsReported() throws Exception {
        MapBlockStore store = new MapBlockStore();
        Snapshot s = TestSnapshots.small(store, 9);
        Cid page = TestSnapshots.blocks(s).stream().filter(c -> c.codec() == Cid.DAG_CBOR && !c.equals(s.root())).findFirst().orElseThrow();
        store.delete(page);
        BlockNotFoundException e = assertThrows(BlockNotFoundException.class, () -> TestSnapshots.walk(new ManifestLayout(), s.root(), store::get));
        assertEquals(page, e.cid());
    }

    @Test
    void ManifestWithWrongBytesIsRejected() throws Exception {
        MapBlockStore store = new MapBlockStore();
        Snapshot s = TestSnapshots.small(store, 10);
        byte[] other = store.get(TestSnapshots.blocks(s).get(5));
        assertThrows(FormatException.class, () -> TestSnapshots.walk(new ManifestLayout(), s.root(), cid -> other));
    }
}
