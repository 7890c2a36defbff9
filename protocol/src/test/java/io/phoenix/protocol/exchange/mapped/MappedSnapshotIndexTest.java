package io.phoenix.protocol.exchange.mapped;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedSnapshotIndexTest {
    @TempDir
    Path dir;

    final Map<Cid, IndexPage> pages = new HashMap<>();

    static Cid block(int i) {
        return Cid.ofRaw(ByteBuffer.allocate(4).putInt(i).array());
    }

    /** Pages of at most {@link IndexPage#CAPACITY} from {@code cids}; returns their CIDs. */
    List<Cid> paged(List<Cid> cids) {
        List<Cid> out = new ArrayList<>();
        for (int i = 0; i < cids.size(); i += IndexPage.CAPACITY) {
            IndexPage p = new IndexPage(cids.subList(i, Math.min(cids.size(), i + IndexPage.CAPACITY)));
            pages.put(p.cid(), p);
            out.add(p.cid());
        }
        return out;
    }

    @Test
    void sortedPagesAreReadOnceAndSearchedByCid() throws IOException {
        List<Cid> cids = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) cids.add(block(i));
        cids.sort(null); // as ManifestWriter writes them
        List<Cid> pageCids = paged(cids);
        AtomicInteger loads = new AtomicInteger();
        try (MappedSnapshotIndex index = MappedSnapshotIndex.build(dir, pageCids, c -> {
            loads.incrementAndGet();
            return pages.get(c);
        })) {
            assertEquals(3, loads.get(), "each page is read once");
            assertEquals(40_000, index.total());
            assertTrue(index.searchable());
            for (int i = 0; i < cids.size(); i += 997) {
                assertEquals(cids.get(i), index.cid(i));
                assertEquals(i, index.position(cids.get(i)));
            }
            assertEquals(-1, index.position(block(-1)));
            assertEquals(-1, index.position(Cid.of(Cid.DAG_CBOR, new byte[] {1})));
            assertThrows(IndexOutOfBoundsException.class, () -> index.cid(40_000));
        }
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "closing deletes the file");
        }
    }

    @Test
    void unsortedPagesCanBeReadButNotSearched() throws IOException {
        List<Cid> cids = List.of(block(3), block(1), block(2));
        try (MappedSnapshotIndex index = MappedSnapshotIndex.build(dir, paged(cids), pages::get)) {
            assertFalse(index.searchable());
            assertEquals(block(1), index.cid(1));
            assertEquals(-1, index.position(block(1)));
        }
    }

    @Test
    void aClosedIndexIsNotReadAgain() throws IOException {
        MappedSnapshotIndex index = MappedSnapshotIndex.build(dir, paged(List.of(block(1))), pages::get);
        index.close();
        assertEquals(-1, index.position(block(1)));
        assertThrows(IllegalStateException.class, () -> index.cid(0));
    }

    @Test
    void aPageThatCannotBeReadFailsTheBuildAndLeavesNoFile() {
        assertThrows(IOException.class, () -> MappedSnapshotIndex.build(dir, List.of(block(9)), c -> {
            throw new IOException("block not found");
        }));
        assertTrue(dir.toFile().list().length == 0);
    }
}
