package io.phoenix.node.snapshot;

import static org.junit.jupiter.api.Assertions.*;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.DataKeys;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine holds does not grow with the tree: entries waiting behind a slower one (in the
 * listings and in the next file cache) never exceed their bounds, whatever the number of files,
 * also when a large file keeps everything behind it waiting; and the bounds change nothing in what
 * is stored (same root CIDs, same cache).
 */
class SnapshotEngineBoundsTest {
    @TempDir
    Path dir;

    private static final BlockCodec CODEC = new BlockCodec(DataKeys.derive(new byte[32]));

    /** A wide directory with a large file first (read while the scanner goes on), a few narrow ones. */
    private Path tree() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Random r = new Random(7);
        byte[] big = new byte[3 << 20];
        r.nextBytes(big);
        Path wide = Files.createDirectories(src.resolve("wide"));
        Files.write(wide.resolve("0-large.bin"), big);
        for (int i = 0; i < 600; i++) Files.writeString(wide.resolve(String.format("f%05d", i)), "wide " + i + " " + r.nextLong());
        for (int d = 0; d < 5; d++) {
            Path sub = Files.createDirectories(src.resolve("sub" + d).resolve("deeper"));
            for (int i = 0; i < 40; i++) Files.writeString(sub.resolve("g" + i), "sub " + d + " " + i);
        }
        return src;
    }

    private record Run(Map<String, Cid> roots, int mostQueuedEntries, int mostQueuedRecords, long cacheRecords, long filesRead) {}

    private Run run(BlockStore store, Path src, Path cacheFile, int bound) throws Exception {
        SnapshotStats stats = new SnapshotStats();
        try (FileCache cache = FileCache.open(cacheFile, m -> fail(m));
             FileCacheWriter next = new FileCacheWriter(cacheFile, bound);
             ReferencedBlocks blocks = new ReferencedBlocks(dir.resolve("sort"), 1 << 12)) {
            Map<String, Cid> roots;
            int queued;
            try (SnapshotEngine engine = new SnapshotEngine(FileSource.INSTANCE, store, () -> CODEC, cache, next, blocks, new Warnings(w -> fail(w.toString())),
                    stats, 2, bound)) {
                roots = engine.store(List.of(new LayerSource("body", List.of(src))));
                queued = engine.mostQueuedEntries();
            }
            FileCacheWriter.commit(next.finish(cache, List.of(src)), cacheFile);
            List<Cid> sorted = new ArrayList<>();
            blocks.drain(sorted::add);
            for (int i = 1; i < sorted.size(); i++) assertTrue(sorted.get(i - 1).compareTo(sorted.get(i)) < 0, "sorted, distinct");
            return new Run(roots, queued, next.mostQueued(), next.written(), stats.filesRead.get());
        }
    }

    @Test
    void entriesWaitingBehindASlowerOneStayWithinTheirBounds() throws Exception {
        Path src = tree();
        try (RepositoryFixture small = new RepositoryFixture(dir.resolve("small"), 1);
             RepositoryFixture large = new RepositoryFixture(dir.resolve("large"), 1)) {
            Run bounded = run(small.store, src, dir.resolve("small-cache"), 8);
            Run unbounded = run(large.store, src, dir.resolve("large-cache"), 1 << 20);
            assertTrue(bounded.mostQueuedEntries() <= 8, "listing entries queued: " + bounded.mostQueuedEntries());
            assertTrue(bounded.mostQueuedRecords() <= 8, "cache records queued: " + bounded.mostQueuedRecords());
            assertTrue(unbounded.mostQueuedEntries() > 8, "without the bound more would have waited: " + unbounded.mostQueuedEntries());
            assertEquals(unbounded.roots(), bounded.roots(), "the bounds change nothing in what is stored");
            assertEquals(801, bounded.cacheRecords());

            Run again = run(small.store, src, dir.resolve("small-cache"), 8);
            assertEquals(0, again.filesRead(), "every file found unchanged through the bounded cache");
            assertEquals(bounded.roots(), again.roots());
            assertTrue(again.mostQueuedRecords() <= 8 && again.mostQueuedEntries() <= 8);
        }
    }
}
