package io.phoenix.node.store.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.store.InUseException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.CorruptBlockException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the pack store does beyond the contract: packs, index runs, crash leftovers, damage. */
class PackBlockStoreBehaviourTest {
    @TempDir
    Path dir;

    static byte[] block(int size, long seed) {
        return io.phoenix.node.store.TestBlocks.random(size, seed);
    }

    private static Cid put(PackBlockStore store, int size, long seed) throws IOException {
        byte[] data = block(size, seed);
        Cid cid = Cid.ofRaw(data);
        store.put(cid, data);
        return cid;
    }

    private static long count(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }

    @Test
    void pendingBytesBoundTheUnflushedTableToo() throws Exception {
        try (PackBlockStore store = PackBlockStore.open(dir, PackStoreOptions.DEFAULTS.withMaxPendingBytes(100_000))) {
            List<Cid> cids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                cids.add(put(store, 30_000, i));
                assertTrue(store.pendingBlocks() < 4, "100 kB of pending blocks flush: " + store.pendingBlocks() + " pending");
            }
            put(store, 30_000, 0); // a block already stored adds nothing to the pending bytes
            assertTrue(count(dir.resolve("index"), ".run") >= 1, "the automatic flushes wrote index runs");
            for (int i = 0; i < 30; i++) assertArrayEquals(block(30_000, i), store.get(cids.get(i)));
        }
        try (PackBlockStore store = PackBlockStore.open(dir)) { // and they are durable: a reopened store finds them
            for (int i = 0; i < 30; i++) assertArrayEquals(block(30_000, i), store.get(Cid.ofRaw(block(30_000, i))));
        }
    }

    @Test
    void blocksGoToFewPacksAndOneIndexRunPerFlush() throws Exception {
        try (PackBlockStore store = PackBlockStore.open(dir, PackStoreOptions.DEFAULTS)) {
            for (int i = 0; i < 500; i++) put(store, 2_000, i);
            assertEquals(0, count(dir.resolve("index"), ".run"), "nothing is indexed before a flush");
            assertEquals(500, store.pendingBlocks());
            store.flush();
            assertEquals(0, store.pendingBlocks());
            assertEquals(1, count(dir.resolve("packs"), ".pack"), "500 small blocks share one pack");
            assertEquals(1, count(dir.resolve("index"), ".run"));
        }
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            for (int i = 0; i < 500; i++) assertArrayEquals(block(2_000, i), store.get(Cid.ofRaw(block(2_000, i))));
        }
    }

    @Test
    void packRollsAtItsSizeLimit() throws Exception {
        try (PackBlockStore store = PackBlockStore.open(dir, PackStoreOptions.DEFAULTS.withMaxPackBytes(100_000))) {
            for (int i = 0; i < 10; i++) put(store, 30_000, i);
            store.flush();
            assertEquals(4, count(dir.resolve("packs"), ".pack"), "three 30 KB blocks fit in a 100 KB pack");
            for (int i = 0; i < 10; i++) assertArrayEquals(block(30_000, i), store.get(Cid.ofRaw(block(30_000, i))));
        }
    }

    @Test
    void indexRunsStayFewAsFlushesAccumulate() throws Exception {
        List<Cid> all = new ArrayList<>();
        try (PackBlockStore store = PackBlockStore.open(dir, PackStoreOptions.DEFAULTS.withMaxPendingBlocks(4))) {
            for (int i = 0; i < 1_000; i++) all.add(put(store, 100, i)); // 250 flushes
            store.flush();
            assertTrue(store.indexRuns() <= 9, "runs after 250 flushes: " + store.indexRuns());
        }
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            for (int i = 0; i < all.size(); i++) assertArrayEquals(block(100, i), store.get(all.get(i)));
            Set<Cid> seen = new HashSet<>();
            store.forEach(seen::add);
            assertEquals(new HashSet<>(all), seen);
        }
    }

    @Test
    void forEachOverManyBatchesSeesEveryBlockOnceEvenWhenTheVisitorStoresBlocks() throws Exception {
        Set<Cid> stored = new HashSet<>();
        try (PackBlockStore store = PackBlockStore.open(dir, PackStoreOptions.DEFAULTS.withMaxPendingBlocks(1000))) {
            for (int i = 0; i < 10_000; i++) stored.add(put(store, 40, i));
            store.flush();
            Set<Cid> seen = new HashSet<>();
            int[] n = {0};
            store.forEach(c -> {
                if (!seen.add(c)) throw new AssertionError("visited twice: " + c);
                try {
                    if (n[0]++ % 100 == 0) put(store, 40, 1_000_000 + n[0]); // flushes and merges runs meanwhile
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertTrue(seen.containsAll(stored), "every block stored before forEach was visited");
        }
    }

    @Test
    void closeUnmapsTheIndexAndMergesFreeReplacedRuns() throws Exception {
        try (PackBlockStore store = PackBlockStore.open(dir, PackStoreOptions.DEFAULTS.withMaxPendingBlocks(1))) {
            for (int i = 0; i < 20; i++) put(store, 100, i);
            assertEquals(store.indexRuns(), count(dir.resolve("index"), ".run"), "replaced runs are deleted at once");
        }
        // no mapping is left: /proc/self/maps names no run of this store
        String maps = Files.readString(Path.of("/proc/self/maps"));
        assertFalse(maps.contains(dir.resolve("index").toString()), "a closed store leaves index runs mapped");
    }

    @Test
    void deletionSurvivesReopenAndMerges() throws Exception {
        Cid gone;
        Cid kept;
        try (PackBlockStore store = PackBlockStore.open(dir, PackStoreOptions.DEFAULTS.withMaxPendingBlocks(2))) {
            gone = put(store, 1_000, 1);
            kept = put(store, 1_000, 2);
            store.flush();
            store.delete(gone);
            for (int i = 10; i < 40; i++) put(store, 1_000, i); // merges the deletion into older runs
        }
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            assertFalse(store.has(gone));
            assertEquals(-1, store.size(gone));
            assertArrayEquals(block(1_000, 2), store.get(kept));
            Set<Cid> seen = new HashSet<>();
            store.forEach(seen::add);
            assertFalse(seen.contains(gone));
            assertEquals(31, seen.size());
            store.put(gone, block(1_000, 1));
            assertArrayEquals(block(1_000, 1), store.get(gone), "a deleted block can be stored again");
        }
    }

    @Test
    void CorruptBlockIsMarkedAbsentAndRepairedByTheNextPut() throws Exception {
        Cid cid;
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            cid = put(store, 50_000, 7);
            store.flush();
            PackBlockStore.Position p = store.position(cid);
            try (RandomAccessFile f = new RandomAccessFile(p.pack().toFile(), "rw")) {
                f.seek(p.offset() + 10);
                f.write(0);
                f.write(0);
            }
            CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> store.get(cid));
            assertTrue(e.getMessage().contains(p.pack().toString()) && e.getMessage().contains("offset " + p.offset()), e.getMessage());
            assertTrue(e.getMessage().contains("marked absent"), e.getMessage());
            assertFalse(store.has(cid), "a corrupt block reads as absent");
        }
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            assertFalse(store.has(cid), "the mark is durable");
            store.put(cid, block(50_000, 7));
            assertArrayEquals(block(50_000, 7), store.get(cid));
        }
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            assertArrayEquals(block(50_000, 7), store.get(cid), "the repair is durable");
        }
    }

    @Test
    void TruncatedPackLosesOnlyTheBlocksAfterTheCut() throws Exception {
        List<Cid> cids = new ArrayList<>();
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            for (int i = 0; i < 10; i++) cids.add(put(store, 10_000, i));
        }
        PackBlockStore.Position cut;
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            cut = store.position(cids.get(5));
        }
        try (RandomAccessFile f = new RandomAccessFile(cut.pack().toFile(), "rw")) {
            f.setLength(cut.offset() + 100);
        }
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            for (int i = 0; i < 5; i++) assertArrayEquals(block(10_000, i), store.get(cids.get(i)));
            for (int i = 5; i < 10; i++) {
                Cid c = cids.get(i);
                CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> store.get(c));
                assertTrue(e.getMessage().contains("bytes are there"), e.getMessage());
            }
        }
    }

    @Test
    void DamagedIndexRecordIsReportedNotMisread() throws Exception {
        Cid cid;
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            cid = put(store, 1_000, 3);
        }
        Path run;
        try (Stream<Path> s = Files.list(dir.resolve("index"))) {
            run = s.findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(run.toFile(), "rw")) {
            f.seek(IndexRun.HEADER + 44); // inside the offset field of the only record
            f.write(0x7f);
        }
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            IOException e = assertThrows(IOException.class, () -> store.get(cid));
            assertTrue(e.getMessage().contains(run.toString()) && e.getMessage().contains("CRC"), e.getMessage());
        }
    }

    @Test
    void LeftoversOfAnInterruptedFlushOrMergeAreRemovedAtOpen() throws Exception {
        try (PackBlockStore store = PackBlockStore.open(dir, PackStoreOptions.DEFAULTS.withMaxPendingBlocks(1))) {
            put(store, 100, 1);
            put(store, 100, 2); // two runs of one record merge into 1-2
        }
        Path index = dir.resolve("index");
        Path merged = index.resolve(IndexRun.name(1, 2));
        assertTrue(Files.exists(merged));
        // a crash after the merge was renamed into place but before its inputs were removed,
        // during the next run's write, and after a process created a pack it never wrote to
        Files.copy(merged, index.resolve(IndexRun.name(2, 2)));
        Files.writeString(index.resolve(IndexRun.name(3, 3) + ".tmp"), "half a run");
        Files.write(dir.resolve("packs").resolve(PackFiles.name(9)), new byte[PackFiles.HEADER]);
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            assertEquals(3, store.leftoversRemoved());
            assertEquals(1, store.indexRuns());
            assertArrayEquals(block(100, 2), store.get(Cid.ofRaw(block(100, 2))));
        }
        assertEquals(1, count(index, ".run"));
        assertEquals(0, count(index, ".tmp"));
    }

    @Test
    void secondOpenOfTheSameStoreIsRefused() throws Exception {
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            InUseException e = assertThrows(InUseException.class, () -> PackBlockStore.open(dir));
            assertEquals(ProcessHandle.current().pid(), e.pid());
            assertTrue(e.getMessage().contains("block store " + dir + " is in use by pid"), e.getMessage());
        }
        PackBlockStore.open(dir).close();
    }

    @Test
    void aStoreOfTheRetiredOneFilePerBlockLayoutIsRefusedWithAClearMessage() throws Exception {
        Files.writeString(dir.resolve("VERSION"), "phoenix-blockstore 2\n");
        Files.createDirectories(dir.resolve("blocks").resolve("00"));
        IOException e = assertThrows(IOException.class, () -> PackBlockStore.open(dir));
        assertTrue(e.getMessage().contains("one-file-per-block layout") && e.getMessage().contains("VERSION says 'phoenix-blockstore 2'")
                && e.getMessage().contains("move the directory aside"), e.getMessage());
        assertFalse(e.getMessage().contains("BlockStore") || e.getMessage().contains("io.phoenix"), "no class names: " + e.getMessage());
        assertFalse(Files.exists(dir.resolve("packs")), "nothing is written into the old store");
        assertEquals("phoenix-blockstore 2\n", Files.readString(dir.resolve("VERSION")));
    }

    @Test
    void foreignOrNewerDirectoryIsRefused() throws Exception {
        Files.writeString(dir.resolve("photo.jpg"), "x");
        IOException e = assertThrows(IOException.class, () -> PackBlockStore.open(dir));
        assertTrue(e.getMessage().contains("not empty and has no VERSION"), e.getMessage());
        Path other = Files.createDirectory(dir.resolve("other"));
        Files.writeString(other.resolve("VERSION"), "phoenix-blockstore 9\n");
        e = assertThrows(IOException.class, () -> PackBlockStore.open(other));
        assertTrue(e.getMessage().contains("unsupported block store format"), e.getMessage());
        assertFalse(Files.exists(other.resolve("packs")));
    }

    @Test
    void cidsThePackStoreCannotHoldAreRefusedOnPutAndAbsentOnRead() throws Exception {
        byte[] data = {1, 2, 3};
        Cid identity = Cid.v1(Cid.RAW, io.phoenix.protocol.multiformats.Multihash.identity(data));
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.put(identity, data));
            assertTrue(e.getMessage().contains("SHA2-256"), e.getMessage());
            assertFalse(store.has(identity));
        }
    }
}
