package io.phoenix.node.store.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.store.Tmpfs;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.StoreFullException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebuild on a real full filesystem (an 8 MiB tmpfs the test mounts; needs root, as in CI): it
 * fails with a clear message, the old index stays in use and complete, nothing it wrote is left
 * (and nothing stays mapped: the unmount would fail), and once space is freed it succeeds.
 */
class RebuildFullDiskTest {
    @TempDir
    Path dir;
    Path mount;
    Tmpfs tmpfs;

    @BeforeEach
    void mountTmpfs() throws Exception {
        mount = Files.createDirectory(dir.resolve("tiny"));
        tmpfs = Tmpfs.mount(mount, "size=8m");
    }

    @AfterEach
    void unmount() throws Exception {
        if (tmpfs != null) tmpfs.close(); // busy if the rebuild left a file open or mapped
    }

    List<Cid> store(Path root) throws IOException {
        try (PackBlockStore store = PackBlockStore.open(root)) {
            return IndexRebuildTest.put(store, 40, 0, 10_000);
        }
    }

    @Test
    void FullDiskFailsTheRebuildAndTheOldIndexStaysInUse() throws Exception {
        List<IndexRebuild.Phase> reached = fullDiskThenFreed(0);
        assertFalse(reached.contains(IndexRebuild.Phase.SORTED), "failed while sorting: " + reached);
    }

    @Test
    void DiskThatFillsWhileTheNewRunIsWrittenKeepsTheOldIndex() throws Exception {
        // room for the sorted entries (10,000 x 53 bytes) but not also for the run (10,000 x 56 bytes)
        List<IndexRebuild.Phase> reached = fullDiskThenFreed(700 << 10);
        assertTrue(reached.contains(IndexRebuild.Phase.SORTED) && !reached.contains(IndexRebuild.Phase.RUN_WRITTEN),
                "failed while writing the run: " + reached);
    }

    /** Fills the disk but {@code leaveFree} bytes, rebuilds (which fails), frees it, rebuilds; the phases the failed rebuild reached. */
    private List<IndexRebuild.Phase> fullDiskThenFreed(long leaveFree) throws Exception {
        Path root = mount.resolve("store");
        List<Cid> all = store(root);
        List<String> before = names(root.resolve("index"));
        Path filler = mount.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            long room = Files.getFileStore(mount).getUsableSpace() - leaveFree;
            byte[] chunk = new byte[4096];
            for (long written = 0; written + chunk.length <= room; written += chunk.length) out.write(chunk);
        } catch (IOException noSpaceLeft) {
            // full
        }
        List<IndexRebuild.Phase> reached = new ArrayList<>();
        IndexRebuild.Listener listener = new IndexRebuild.Listener() {
            @Override
            public void phase(IndexRebuild.Phase phase) {
                reached.add(phase);
            }
        };
        StoreFullException e = assertThrows(StoreFullException.class, () -> IndexRebuild.rebuild(root, listener));
        assertTrue(e.getMessage().startsWith("no space left on device while rebuilding the index in " + root), e.getMessage());
        assertEquals(before, names(root.resolve("index")), "the old runs are untouched and no temporary run is left");
        assertFalse(Files.exists(root.resolve(IndexRebuild.SCRATCH)), "the scratch directory is removed");
        try (PackBlockStore store = PackBlockStore.open(root)) {
            for (Cid c : all) assertTrue(store.has(c));
            for (int i = 0; i < all.size(); i += 97) assertTrue(all.get(i).verifies(store.get(all.get(i))));
        }
        Files.delete(filler);
        RebuildReport r = IndexRebuild.rebuild(root, IndexRebuild.Listener.NONE);
        assertEquals(10_000, r.indexed());
        assertEquals(List.of(IndexRun.name(1, Long.parseLong(before.get(before.size() - 1).substring(17, 33), 16))),
                names(root.resolve("index")).stream().filter(n -> n.endsWith(".run")).toList());
        try (PackBlockStore store = PackBlockStore.open(root)) {
            for (Cid c : all) assertTrue(store.has(c));
        }
        return reached;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
