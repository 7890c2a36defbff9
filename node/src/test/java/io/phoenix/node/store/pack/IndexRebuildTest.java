package io.phoenix.node.store.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.store.InUseException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.CorruptBlockException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rebuilding the pack store's index from its packs: what is trusted, what is left out, what open now reports. */
class IndexRebuildTest {
    @TempDir
    Path dir;

    static byte[] block(int size, long seed) {
        return PackBlockStoreBehaviourTest.block(size, seed);
    }

    static Cid cid(int size, long seed) {
        return Cid.ofRaw(block(size, seed));
    }

    /** Puts blocks {@code from..to-1} of {@code size} bytes. */
    static List<Cid> put(PackBlockStore store, int size, int from, int to) throws IOException {
        List<Cid> cids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            byte[] data = block(size, i);
            store.put(Cid.ofRaw(data), data);
            cids.add(Cid.ofRaw(data));
        }
        return cids;
    }

    /** A store of three runs (100, 10 and 1 blocks of 1,000 bytes, seeds 0..110) over several packs. */
    List<Cid> threeRuns() throws IOException {
        List<Cid> all = new ArrayList<>();
        try (PackBlockStore store = PackBlockStore.open(dir, PackStoreOptions.DEFAULTS.withMaxPackBytes(40_000).withMaxPendingBlocks(1_000))) {
            all.addAll(put(store, 1_000, 0, 100));
            store.flush();
            all.addAll(put(store, 1_000, 100, 110));
            store.flush();
            all.addAll(put(store, 1_000, 110, 111));
            store.flush();
            assertEquals(3, store.indexRuns());
        }
        return all;
    }

    List<Path> runs() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("index"))) {
            return s.filter(p -> p.toString().endsWith(".run")).sorted().toList();
        }
    }

    void assertEveryBlockReads(List<Cid> cids, int size) throws IOException {
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            Set<Cid> seen = new HashSet<>();
            store.forEach(seen::add);
            assertEquals(new HashSet<>(cids), seen);
            for (Cid c : cids) assertTrue(c.verifies(store.get(c)), "block " + c);
            assertEquals(size, store.get(cids.get(0)).length);
        }
    }

    static void flip(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x5a);
        }
    }

    @Test
    void rebuildOfAnIntactStoreIndexesEveryBlockInOneRunThatReplacesTheOthers() throws Exception {
        List<Cid> all = threeRuns();
        // a sort buffer of 50 records: 111 entries make 3 sorted runs to merge
        RebuildReport r = IndexRebuild.rebuild(dir, 4 << 20, 50 * 53, IndexRebuild.Listener.NONE);
        assertEquals(111, r.entries());
        assertEquals(111, r.indexed());
        assertEquals(0, r.damaged());
        assertFalse(r.damageFound());
        assertEquals(RebuildReport.Ledger.INTACT, r.ledger());
        assertEquals(3, r.runsReplaced());
        assertTrue(r.packs() >= 3, "packs: " + r.packs());
        assertEquals(List.of(dir.resolve("index").resolve(IndexRun.name(1, 3))), runs(), "one run covering every flush so far");
        assertFalse(Files.exists(dir.resolve(IndexRebuild.SCRATCH)), "the scratch directory is removed");
        assertEveryBlockReads(all, 1_000);
        try (PackBlockStore store = PackBlockStore.open(dir)) { // and the store goes on: the next flush is sequence 4
            put(store, 1_000, 500, 501);
        }
        assertTrue(runs().stream().anyMatch(p -> p.getFileName().toString().endsWith("0000000000000004.run")), runs().toString());
    }

    @Test
    void ManyBlocksAreSortedInBoundedMemoryThroughMoreRunsThanOneMergeTakes() throws Exception {
        List<Cid> all = new ArrayList<>();
        try (PackBlockStore store = PackBlockStore.open(dir, PackStoreOptions.DEFAULTS.withMaxPendingBlocks(500))) {
            all.addAll(put(store, 40, 0, 5_000));
        }
        // 20 records per sorted run: 250 runs, merged 64 at a time in two levels
        RebuildReport r = IndexRebuild.rebuild(dir, 4 << 20, 20 * 53, IndexRebuild.Listener.NONE);
        assertEquals(5_000, r.indexed());
        assertEveryBlockReads(all, 40);
    }

    @Test
    void DamagedRunHeaderFailsOpenNamingTheFileAndTheRebuildRestoresEveryBlock() throws Exception {
        List<Cid> all = threeRuns();
        Path run = runs().get(0);
        flip(run, 20); // inside the fan-out
        IOException e = assertThrows(IOException.class, () -> PackBlockStore.open(dir));
        assertTrue(e.getMessage().contains(run.toString()) && e.getMessage().contains("damaged header")
                && e.getMessage().contains("phoenix repair index"), e.getMessage());
        RebuildReport r = IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        assertEquals(111, r.indexed());
        assertEveryBlockReads(all, 1_000);
    }

    @Test
    void DamagedRecordFailsTheReadWithTheRepairHintAndTheRebuildRestoresIt() throws Exception {
        Cid cid;
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            cid = put(store, 1_000, 3, 4).get(0);
        }
        Path run = runs().get(0);
        flip(run, IndexRun.HEADER + 44); // the offset field of the only record
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            IOException e = assertThrows(IOException.class, () -> store.get(cid));
            assertTrue(e.getMessage().contains(run.toString()) && e.getMessage().contains("CRC")
                    && e.getMessage().contains("run 'phoenix repair index'"), e.getMessage());
        }
        IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            assertArrayEquals(block(1_000, 3), store.get(cid));
        }
    }

    @Test
    void MissingRunIsReportedAtOpenAndRebuilt() throws Exception {
        List<Cid> all = threeRuns();
        Path middle = dir.resolve("index").resolve(IndexRun.name(2, 2));
        Files.delete(middle);
        IOException e = assertThrows(IOException.class, () -> PackBlockStore.open(dir));
        assertTrue(e.getMessage().contains("flushes 2..2 is missing") && e.getMessage().contains("phoenix repair index"), e.getMessage());
        Files.delete(dir.resolve("index").resolve(IndexRun.name(1, 1)));
        e = assertThrows(IOException.class, () -> PackBlockStore.open(dir));
        assertTrue(e.getMessage().contains("flushes 1..2 is missing"), "the oldest runs missing: " + e.getMessage());
        IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        assertEveryBlockReads(all, 1_000);
    }

    @Test
    void MissingIndexDirectoryIsReportedAtOpenAndRebuilt() throws Exception {
        List<Cid> all = threeRuns();
        for (Path r : runs()) Files.delete(r);
        Files.delete(dir.resolve("index"));
        IOException e = assertThrows(IOException.class, () -> PackBlockStore.open(dir));
        assertTrue(e.getMessage().contains("no index directory") && e.getMessage().contains("phoenix repair index"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("index")), "a refused open creates nothing");
        IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        assertEveryBlockReads(all, 1_000);
    }

    @Test
    void EntryWhoseBytesWereFlippedIsLeftOutAndNamed() throws Exception {
        List<Cid> all = threeRuns();
        Cid bad = all.get(42);
        PackBlockStore.Position at;
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            at = store.position(bad);
        }
        flip(at.pack(), at.offset() + 500);
        RebuildReport r = IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        assertEquals(110, r.indexed());
        assertEquals(1, r.damaged());
        assertEquals(1, r.absentBlocks());
        assertTrue(r.damageFound());
        RebuildReport.Damage d = r.damage().get(0);
        assertEquals(bad, d.cid());
        assertEquals(at.pack(), d.pack());
        assertEquals(at.offset() - 1 - bad.byteLength() - 4, d.offset(), "the entry's first byte");
        assertFalse(d.goodCopy());
        assertTrue(d.reason().contains("do not hash"), d.reason());
        assertTrue(d.toString().contains("reads as absent"), d.toString());
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            assertFalse(store.has(bad), "the damaged block reads as absent");
            for (Cid c : all) if (!c.equals(bad)) assertTrue(c.verifies(store.get(c)));
            store.put(bad, block(1_000, 42)); // a put (or the swarm) repairs it
        }
        RebuildReport again = IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        assertEquals(1, again.repairedBlocks(), "the damaged copy is still in its pack, the good one is indexed");
        assertEquals(0, again.absentBlocks());
        assertFalse(again.damageFound(), "damage that a good copy repaired is no longer a finding");
        assertTrue(again.damage().get(0).goodCopy());
        assertEveryBlockReads(all, 1_000);
    }

    @Test
    void DamagedLengthLosesOnlyThatEntry() throws Exception {
        List<Cid> all = threeRuns();
        Cid bad = all.get(7);
        PackBlockStore.Position at;
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            at = store.position(bad);
        }
        try (RandomAccessFile f = new RandomAccessFile(at.pack().toFile(), "rw")) {
            f.seek(at.offset() - 4); // the length: now far more than a block can be
            f.writeInt(0x7f000000);
        }
        RebuildReport r = IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        assertEquals(110, r.indexed(), r.damage().toString());
        assertEquals(1, r.absentBlocks());
        assertEquals(bad, r.damage().get(0).cid());
        assertTrue(r.damage().get(0).reason().contains("no entry could be read up to offset " + (at.offset() + 1_000)), r.damage().toString());
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            assertFalse(store.has(bad));
            for (Cid c : all) if (!c.equals(bad)) assertTrue(c.verifies(store.get(c)));
        }
    }

    @Test
    void DamagedCidLosesOnlyThatEntryAndIsReportedAsALostRegion() throws Exception {
        List<Cid> all = threeRuns();
        Cid bad = all.get(8);
        PackBlockStore.Position at;
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            at = store.position(bad);
        }
        flip(at.pack(), at.offset() - 4 - bad.byteLength()); // the CID's version byte
        RebuildReport r = IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        assertEquals(110, r.indexed());
        assertEquals(1, r.lostRegions(), "what the region held is unknown");
        assertNull(r.damage().get(0).cid());
        assertTrue(r.damageFound());
    }

    @Test
    void MissingPackIsALostRegionAndTheOtherPacksAreIndexed() throws Exception {
        List<Cid> all = threeRuns();
        Path first = dir.resolve("packs").resolve(PackFiles.name(1));
        Set<Cid> inFirst = new HashSet<>();
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            for (Cid c : all) if (store.position(c).pack().equals(first)) inFirst.add(c);
        }
        Files.delete(first);
        RebuildReport r = IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        assertEquals(111 - inFirst.size(), r.indexed());
        assertEquals(1, r.lostRegions());
        assertTrue(r.damageFound());
        assertEquals(first, r.damage().get(0).pack());
        assertTrue(r.damage().get(0).reason().contains("the pack is missing"), r.damage().toString());
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            for (Cid c : all) assertEquals(!inFirst.contains(c), store.has(c));
        }
    }

    @Test
    void EntriesPastTheLedgerAreNotIndexed() throws Exception {
        List<Cid> all = threeRuns();
        Path lastPack;
        try (Stream<Path> s = Files.list(dir.resolve("packs"))) {
            lastPack = s.filter(p -> p.toString().endsWith(".pack")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        // whole, valid entries a writer appended but never flushed: in a known pack and in a pack no flush named
        byte[] late = block(1_000, 900);
        byte[] orphan = block(1_000, 901);
        Files.write(lastPack, entry(late), StandardOpenOption.APPEND);
        Path newPack = dir.resolve("packs").resolve(PackFiles.name(99));
        Files.write(newPack, ByteBuffer.allocate(8).putInt(0x5058504b).putInt(1).array());
        Files.write(newPack, entry(orphan), StandardOpenOption.APPEND);
        RebuildReport r = IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        assertEquals(111, r.indexed());
        assertEquals(2L * entry(late).length + 8, r.bytesNotIndexed());
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            assertFalse(store.has(Cid.ofRaw(late)), "never made durable: not trusted");
            assertFalse(store.has(Cid.ofRaw(orphan)));
        }
        assertEveryBlockReads(all, 1_000);
    }

    static byte[] entry(byte[] data) {
        byte[] cid = Cid.ofRaw(data).toBytes();
        return ByteBuffer.allocate(1 + cid.length + 4 + data.length).put((byte) cid.length).put(cid).putInt(data.length).put(data).array();
    }

    @Test
    void DeletionMarksAreDroppedSoADeletedBlockWhoseBytesAreIntactReadsAgain() throws Exception {
        List<Cid> all = threeRuns();
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            store.delete(all.get(5));
        }
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            assertFalse(store.has(all.get(5)));
        }
        IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        assertEveryBlockReads(all, 1_000);
    }

    @Test
    void DamagedLedgerIsRewrittenFromThePacksAndEveryVerifiedEntryIndexed() throws Exception {
        List<Cid> all = threeRuns();
        Path ledger = dir.resolve("packs").resolve("ledger");
        flip(ledger, 3); // the first record's pack number
        assertEquals(PackLedger.State.DAMAGED, new PackLedger(ledger).readAll().state());
        RebuildReport r = IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        assertEquals(RebuildReport.Ledger.DAMAGED, r.ledger());
        assertEquals(111, r.indexed());
        assertEquals(0, r.bytesNotIndexed());
        PackLedger.Contents now = new PackLedger(ledger).readAll();
        assertEquals(PackLedger.State.INTACT, now.state());
        assertEquals(PackFiles.sizes(dir.resolve("packs")), now.ends(), "the new ledger records every pack's size");
        assertFalse(Files.exists(ledger.resolveSibling("ledger.tmp")));
        assertEveryBlockReads(all, 1_000);
    }

    @Test
    void MissingLedgerBesideAnIndexCutsNothingAtOpen() throws Exception {
        List<Cid> all = threeRuns();
        Files.delete(dir.resolve("packs").resolve("ledger"));
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            assertTrue(store.ledgerRecreated());
            assertEquals(0, store.leftoversRemoved(), "no pack is deleted");
            all.addAll(put(store, 1_000, 200, 210)); // the new ledger goes on from there
        }
        assertEveryBlockReads(all, 1_000);
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            assertFalse(store.ledgerRecreated());
        }
    }

    @Test
    void RebuildOfAStoreInUseIsRefused() throws Exception {
        threeRuns();
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            InUseException e = assertThrows(InUseException.class, () -> IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE));
            assertTrue(e.getMessage().contains("is in use by pid " + ProcessHandle.current().pid()), e.getMessage());
        }
        assertEquals(3, runs().size(), "nothing changed");
    }

    @Test
    void RebuildOfADirectoryThatIsNoStoreFailsAndCreatesNothing() throws Exception {
        Path none = dir.resolve("none");
        IOException e = assertThrows(IOException.class, () -> IndexRebuild.rebuild(none, IndexRebuild.Listener.NONE));
        assertTrue(e.getMessage().contains("no block store"), e.getMessage());
        assertFalse(Files.exists(none));
        Path empty = Files.createDirectory(dir.resolve("empty")); // a home's store directory before anything was stored
        assertEquals(0, IndexRebuild.rebuild(empty, IndexRebuild.Listener.NONE).indexed());
        try (Stream<Path> s = Files.list(empty)) {
            assertEquals(0, s.count(), "nothing is created");
        }
        Files.createDirectory(empty.resolve("packs"));
        e = assertThrows(IOException.class, () -> IndexRebuild.rebuild(empty, IndexRebuild.Listener.NONE));
        assertTrue(e.getMessage().contains("has packs but no VERSION file"), e.getMessage());
    }

    @Test
    void RebuildOfAnEmptyStoreGivesAnEmptyIndex() throws Exception {
        PackBlockStore.open(dir).close();
        RebuildReport r = IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        assertEquals(0, r.indexed());
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            Cid c = put(store, 10, 1, 2).get(0);
            assertTrue(store.has(c));
        }
    }

    @Test
    void CorruptBlockFoundOnReadIsStillMarkedAbsentAfterARebuildWhenItsBytesAreBad() throws Exception {
        List<Cid> all = threeRuns();
        Cid bad = all.get(60);
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            PackBlockStore.Position at = store.position(bad);
            flip(at.pack(), at.offset());
            assertThrows(CorruptBlockException.class, () -> store.get(bad));
        }
        IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            assertFalse(store.has(bad), "the bytes still do not verify: the block stays absent");
        }
    }
}
