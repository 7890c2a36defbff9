package io.phoenix.bridge.car;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.DagWalkLayout;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.TestSnapshots;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.testing.MapBlockStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export that walks the snapshot instead of listing it: same blocks, same file, same resume. */
class StreamingExportTest {
    @TempDir
    Path dir;

    @Test
    void walkHandsOutExactlyTheListedBlocksInOrder() throws Exception {
        MapBlockStore store = new MapBlockStore();
        Snapshot manifest = TestSnapshots.manifest(store, 7, 3_000, 10, 200); // several index pages
        Snapshot dag = TestSnapshots.dag(store, 8, 500, 10, 100, 64);
        DagWalkLayout walk = new DagWalkLayout();
        for (Snapshot s : List.of(manifest, dag)) {
            List<Cid> seen = new ArrayList<>();
            walk.forEachBlock(s.root(), store::get, seen::add);
            assertEquals(walk.blocksOf(s.root(), store::get), seen);
            assertEquals(s.blocks().size(), seen.size());
        }
    }

    @Test
    void streamingExportWritesTheSameFileAsTheListedOne() throws Exception {
        MapBlockStore store = new MapBlockStore();
        Snapshot s = TestSnapshots.manifest(store, 9, 500, 100, 5_000);
        Path listed = dir.resolve("listed.car");
        Path streamed = dir.resolve("streamed.car");
        CarExport.toFile(TestSnapshotsWalk.of(s, store), listed);
        CarExport.Result r = CarExport.toFile(s.root(), store, new DagWalkLayout(), streamed);
        assertEquals(s.blocks().size(), r.blocksWritten());
        assertArrayEquals(Files.readAllBytes(listed), Files.readAllBytes(streamed));
    }

    @Test
    void InterruptedStreamingExportResumesAfterItsLastWholeSection() throws Exception {
        MapBlockStore store = new MapBlockStore();
        Snapshot s = TestSnapshots.manifest(store, 10, 400, 100, 5_000);
        Path whole = dir.resolve("whole.car");
        CarExport.toFile(s.root(), store, new DagWalkLayout(), whole);
        byte[] expected = Files.readAllBytes(whole);
        // an export cut off in the middle of a section, as a killed process or a full tape leaves it
        Path target = dir.resolve("resumed.car");
        Path partial = CarExport.partialOf(target);
        Files.write(partial, java.util.Arrays.copyOf(expected, expected.length * 2 / 3));
        CarExport.Result r = CarExport.toFile(s.root(), store, new DagWalkLayout(), target);
        assertTrue(r.blocksResumed() > 100, "resumed " + r.blocksResumed());
        assertEquals(s.blocks().size(), r.blocksResumed() + r.blocksWritten());
        assertArrayEquals(expected, Files.readAllBytes(target));
        assertTrue(Files.notExists(partial));
        // a partial file of another snapshot is started over
        Snapshot other = TestSnapshots.manifest(store, 11, 50, 100, 500);
        Path target2 = dir.resolve("other.car");
        Files.write(CarExport.partialOf(target2), expected);
        CarExport.Result r2 = CarExport.toFile(other.root(), store, new DagWalkLayout(), target2);
        assertEquals(0, r2.blocksResumed());
        try (RandomAccessFile f = new RandomAccessFile(target2.toFile(), "r")) {
            assertTrue(f.length() < expected.length);
        }
    }
}
