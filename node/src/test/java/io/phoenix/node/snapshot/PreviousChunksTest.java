package io.phoenix.node.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.DataKeys;
import io.phoenix.protocol.tree.ChunkRef;
import io.phoenix.protocol.tree.FileEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A changed file read with the previous run's boundaries at hand must be cut exactly as a fresh
 * read cuts it (the reuse is an optimisation, never a different chunking), for every kind of edit.
 */
class PreviousChunksTest {
    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(3);
    private final BlockCodec codec = new BlockCodec(DataKeys.derive(new byte[32]));

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static byte[] content(long seed, int size) {
        // text-like runs and random runs, so boundaries come both from content and from the maximum size
        byte[] b = new byte[size];
        Random r = new Random(seed);
        for (int i = 0; i < size; ) {
            int run = 1 << (12 + r.nextInt(9));
            if (r.nextInt(3) == 0) for (int j = i; j < Math.min(size, i + run); j++) b[j] = (byte) ('a' + j % 7);
            else for (int j = i; j < Math.min(size, i + run); j++) b[j] = (byte) r.nextInt();
            i += run;
        }
        return b;
    }

    /** Snapshots {@code before}, edits it, then reads the result with and without the first run's cache. */
    private void edit(String name, byte[] before, UnaryOperator<byte[]> change, boolean expectReuse) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, before);
        try (RepositoryFixture f = new RepositoryFixture(dir.resolve("home-" + name), 1)) {
            SnapshotStats stats = new SnapshotStats();
            CachedFile[] recorded = new CachedFile[1];
            FileEntry first = stage(f, stats).file(new SourceEntry(name, file, FileStat.read(file), null), null, c -> recorded[0] = c).join();
            assertEquals(before.length, first.size());
            byte[] previous = recorded[0].encode(); // as the next run reads it from the file cache

            Files.write(file, change.apply(before));
            SnapshotStats withCache = new SnapshotStats();
            FileEntry reused = stage(f, withCache).file(new SourceEntry(name, file, FileStat.read(file), null), previous, c -> { }).join();
            FileEntry fresh = stage(f, new SnapshotStats()).file(new SourceEntry(name, file, FileStat.read(file), null), null, c -> { }).join();
            List<ChunkRef> a = reused.chunks(), b = fresh.chunks();
            assertEquals(b, a, name + ": the same chunks with and without the previous boundaries");
            assertEquals(fresh.size(), reused.size());
            assertTrue(java.util.Arrays.equals(fresh.digest(), reused.digest()), name + ": same digest");
            if (expectReuse) assertTrue(withCache.boundariesReused.get() > 0, name + ": some boundaries were reused");
        }
    }

    private ChunkerStage stage(RepositoryFixture f, SnapshotStats stats) {
        MacIndex macs = new MacIndex(10_000);
        BlockSaver saver = new BlockSaver(codec, f.store, pool, macs, new ReferencedBlocks(dir.resolve("sort"), 1 << 16), stats);
        return new ChunkerStage(saver, macs, new Warnings(w -> {}), stats, pool, 16 << 20);
    }

    @Test
    void appendedFileIsCutLikeAFreshRead() throws Exception {
        byte[] old = content(1, 9 << 20);
        edit("append", old, b -> concat(b, content(2, 3 << 20)), true);
    }

    @Test
    void fileRewrittenInPlaceIsCutLikeAFreshRead() throws Exception {
        edit("rewrite", content(3, 12 << 20), b -> {
            byte[] c = b.clone();
            byte[] patch = content(4, 700_000);
            System.arraycopy(patch, 0, c, 5_000_000, patch.length);
            return c;
        }, true);
    }

    @Test
    void insertionNearTheStartIsCutLikeAFreshRead() throws Exception {
        edit("insert", content(5, 8 << 20), b -> concat(concat(java.util.Arrays.copyOf(b, 1000), content(6, 333)),
                java.util.Arrays.copyOfRange(b, 1000, b.length)), false);
    }

    @Test
    void truncatedAndShrunkFilesAreCutLikeAFreshRead() throws Exception {
        edit("truncate", content(7, 10 << 20), b -> java.util.Arrays.copyOf(b, 6 << 20), true);
        edit("to-one-chunk", content(8, 6 << 20), b -> java.util.Arrays.copyOf(b, 200_000), false);
        edit("emptied", content(9, 3 << 20), b -> new byte[0], false);
    }

    @Test
    void lastChunkGrownByAFewBytesIsCutLikeAFreshRead() throws Exception {
        edit("tail", content(10, 5 << 20), b -> concat(b, new byte[] {1, 2, 3}), true);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
