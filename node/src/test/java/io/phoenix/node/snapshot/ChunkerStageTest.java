package io.phoenix.node.snapshot;

import static org.junit.jupiter.api.Assertions.*;

import io.phoenix.protocol.tree.ChunkRef;
import io.phoenix.protocol.tree.FileEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkerStageTest {
    @TempDir
    Path dir;

    /**
     * Files of one chunk are encoded by their reader; every other file keeps all its chunks,
     * whatever is left in the read buffer when the end of the file is reached (one chunk after a
     * refill, several, or a file larger than the buffer several times over).
     */
    @Test
    void everyChunkOfAFileIsKeptWhateverItsSize() throws Exception {
        Random r = new Random(11);
        int[] fixed = {0, 1, 300, 128 << 10, (128 << 10) + 1, 900_000, 4 << 20, 9_100_000};
        int[] sizes = new int[fixed.length + 16];
        System.arraycopy(fixed, 0, sizes, 0, fixed.length);
        // just over one read buffer: the last refill often leaves a single chunk at the buffer's start
        for (int i = 0; i < 16; i++) sizes[fixed.length + i] = (4 << 20) + 1 + i * 37_000;
        try (RepositoryFixture f = new RepositoryFixture(dir.resolve("home"), 3)) {
            SnapshotStats stats = new SnapshotStats();
            Warnings w = new Warnings(f.warned::add);
            try (BlockSaverHarness h = new BlockSaverHarness(f, stats, w)) {
                for (int k = 0; k < 2 * sizes.length; k++) {
                    int size = sizes[k % sizes.length];
                    byte[] b = new byte[size];
                    // random bytes, then zeros: a run without content boundaries is cut at the
                    // maximum size, which leaves one short chunk at the start of the last refill
                    if (k < sizes.length) r.nextBytes(b);
                    Path file = Files.write(dir.resolve("f" + k), b);
                    FileEntry e = h.chunker.file(new SourceEntry("f", file, FileStat.read(file), null), null, c -> { }).join();
                    long sum = 0;
                    for (ChunkRef c : e.chunks()) sum += c.length();
                    assertEquals(size, e.size(), "size " + size);
                    assertEquals(size, sum, "chunks of a file of " + size + " bytes");
                }
            }
            assertEquals(0, stats.rereads.get());
            assertTrue(f.warned.isEmpty(), f.warned.toString());
        }
    }
}
