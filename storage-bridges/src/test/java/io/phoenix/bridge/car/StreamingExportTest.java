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

/** The export walks the snapshot: the file and the stream hold the same bytes, and an interrupted export resumes. */
class StreamingExportTest {
    @TempDir
    Path dir;

    @Test
    void fileExportWritesWhatTheStreamExportWrites() throws Exception {
        MapBlockStore store = new MapBlockStore();
        Snapshot s = TestSnapshotsWalk.of(TestSnapshots.manifest(store, 9, 500, 100, 5_000), store);
        Path file = dir.resolve("file.car");
        CarExport.Result r = CarExport.toFile(s.root(), store, new DagWalkLayout(), file);
        assertEquals(TestSnapshots.blocks(s).size(), r.blocksWritten());
        java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
        assertEquals(Files.size(file), CarExport.write(s, streamed));
        assertArrayEquals(streamed.toByteArray(), Files.readAllBytes(file));
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
        assertEquals(TestSnapshots.blocks(s).size(), r.blocksResumed() + r.blocksWritten());
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
