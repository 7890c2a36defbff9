package io.phoenix.node.snapshot;

import static org.junit.jupiter.api.Assertions.*;

import io.phoenix.node.demo.DemoDataset;
import io.phoenix.node.demo.TreeDiff;
import io.phoenix.node.restore.Damage;
import io.phoenix.protocol.multiformats.Cid;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryTest {
    @TempDir
    Path dir;

    private List<LayerSource> layers(Path src) {
        return List.of(new LayerSource("mind", List.of(src.resolve("mind"))),
                new LayerSource("body", List.of(src.resolve("body"))),
                new LayerSource("spirit", List.of(src.resolve("spirit"))));
    }

    private SnapshotOutcome snap(RepositoryFixture f, Path src) throws Exception {
        return f.snapshot(layers(src).toArray(LayerSource[]::new));
    }

    private void assertRestoredEqual(Path src, Path out) throws Exception {
        for (String l : List.of("mind", "body", "spirit")) {
            assertEquals(List.of(), TreeDiff.compare(src.resolve(l), out.resolve(l)), l);
        }
    }

    @Test
    void snapshotRestoreIsByteIdenticalAndIncrementalReadsOnlyChangedFiles() throws Exception {
        Path src = dir.resolve("src"), original = dir.resolve("original");
        new DemoDataset(1, 1).generate(original);
        DemoDataset data = new DemoDataset(1, 1);
        data.generate(src);
        try (RepositoryFixture f = new RepositoryFixture(dir.resolve("home"), 1)) {
            SnapshotOutcome first = snap(f, src);
            assertEquals(12, first.stats().files.get());
            assertEquals(12, first.stats().filesRead.get());
            assertTrue(first.stats().newBlocks.get() >= first.blocks());
            data.change(src);
            SnapshotOutcome second = snap(f, src);
            assertNotEquals(first.id(), second.id());
            assertEquals(5, second.stats().filesRead.get(), "only the changed and new files are read");
            assertTrue(second.stats().newBytes.get() < first.stats().newBytes.get() / 2, "unchanged chunks are not stored again");
            assertTrue(second.stats().dedupedChunks.get() >= 2, "unchanged chunks of a changed file dedup by MAC");

            SnapshotHistory h = f.repo.history();
            assertEquals(second.id(), h.latest().orElseThrow().cid());
            assertEquals(List.of(first.id()), h.latest().orElseThrow().signed().manifest().parents());
            assertEquals(2, h.latest().orElseThrow().signed().manifest().sequence());

            assertFalse(f.restore(second.id(), dir.resolve("out2"), List.of(), null).any());
            assertRestoredEqual(src, dir.resolve("out2"));
            assertFalse(f.restore(first.id(), dir.resolve("out1"), List.of(), null).any());
            assertRestoredEqual(original, dir.resolve("out1"));
            assertFalse(f.verifyAll().any());
        }
    }

    @Test
    void unchangedTreeGivesTheSameRootsAndReadsNothing() throws Exception {
        Path src = dir.resolve("src");
        new DemoDataset(2, 1).generate(src);
        try (RepositoryFixture f = new RepositoryFixture(dir.resolve("home"), 2)) {
            SnapshotOutcome a = snap(f, src);
            SnapshotOutcome b = snap(f, src);
            assertEquals(0, b.stats().filesRead.get());
            assertEquals(f.repo.history().resolve(a.id().toString()).orElseThrow().signed().manifest().layers(),
                    f.repo.history().latest().orElseThrow().signed().manifest().layers());
            assertEquals(1, b.stats().newBlocks.get(), "only the manifest is new (same blocks, same index page)");
        }
    }

    @Test
    void ForgedSignatureIsCaughtUnlessThisHomeRecordedTheManifestAndVerifyAlwaysCatchesIt() throws Exception {
        Path src = dir.resolve("src");
        new DemoDataset(8, 1).generate(src);
        try (RepositoryFixture f = new RepositoryFixture(dir.resolve("home"), 9)) {
            Cid real = snap(f, src).id();
            assertTrue(Files.readString(dir.resolve("home/verified")).contains(real.toString()), "own manifests are recorded");
            // the same manifest with one byte of its signatures changed: a valid block under its own CID
            byte[] bytes = f.store.get(real).clone();
            bytes[bytes.length - 40] ^= 0x01;
            Cid forged = Cid.of(Cid.DAG_CBOR, bytes);
            f.store.put(forged, bytes);
            Files.createFile(dir.resolve("home/heads").resolve(forged.toString()));
            SnapshotHistory checked = f.repo.history();
            assertTrue(checked.broken().containsKey(forged), "an unrecorded manifest has its signatures checked: " + checked.broken());
            assertTrue(f.repo.historyCheckingSignatures().broken().containsKey(forged));
            // a manifest the record lists is trusted by history() (its bytes are pinned by the CID) ...
            VerifiedManifests.load(dir.resolve("home/verified")).add(forged);
            Repository reopened = f.withKeys(null);
            assertFalse(reopened.history().broken().containsKey(forged), "recorded manifests are not checked again");
            // ... but never by verify
            assertTrue(reopened.historyCheckingSignatures().broken().containsKey(forged), "verify checks every signature");
        }
    }

    @Test
    void aLoadedHistoryHoldsNoManifestAndReadsItAgainWhenAsked() throws Exception {
        Path src = dir.resolve("src");
        new DemoDataset(8, 1).generate(src);
        try (RepositoryFixture f = new RepositoryFixture(dir.resolve("home"), 8)) {
            Cid first = snap(f, src).id();
            Files.writeString(src.resolve("mind/extra.txt"), "x");
            Cid second = snap(f, src).id();
            SnapshotHistory h = f.repo.history();
            assertEquals(List.of(second, first), h.newestFirst().stream().map(SnapshotHistory.Snapshot::cid).toList());
            assertEquals(List.of(first), h.latest().orElseThrow().signed().manifest().parents());
            SnapshotHistory.Snapshot older = h.resolve(first.toString()).orElseThrow();
            assertEquals(1, older.sequence());

            f.store.delete(first); // the manifest block goes after the history was loaded
            assertEquals(List.of(second, first), h.newestFirst().stream().map(SnapshotHistory.Snapshot::cid).toList(), "ordered without reading a manifest");
            UncheckedIOException e = assertThrows(UncheckedIOException.class, older::signed);
            assertTrue(e.getMessage().contains(first.toString()), e.getMessage());
        }
    }

    @Test
    void CrashBetweenNewHeadAndOldHeadRemovalKeepsTheSameHistory() throws Exception {
        Path src = dir.resolve("src");
        new DemoDataset(8, 1).generate(src);
        try (RepositoryFixture f = new RepositoryFixture(dir.resolve("home"), 8)) {
            Cid first = snap(f, src).id();
            Files.writeString(src.resolve("mind/extra.txt"), "x");
            Cid second = snap(f, src).id();
            Files.createFile(dir.resolve("home/heads").resolve(first.toString())); // as if removal never happened
            SnapshotHistory h = f.repo.history();
            assertEquals(List.of(second), h.heads().stream().map(SnapshotHistory.Snapshot::cid).toList());
            assertEquals(second, h.latest().orElseThrow().cid());
            assertEquals(2, h.newestFirst().size());
            Cid third = snap(f, src).id();
            assertEquals(List.of(second), f.repo.history().latest().orElseThrow().signed().manifest().parents());
            assertEquals(third, f.repo.history().latest().orElseThrow().cid());
            try (var files = Files.list(dir.resolve("home/heads"))) {
                assertEquals(List.of(third.toString()), files.map(p -> p.getFileName().toString()).toList(), "stale head file pruned");
            }
        }
    }

    @Test
    void layerWithSeveralSourcesGetsOneDirectoryPerSource() throws Exception {
        Path a = Files.createDirectories(dir.resolve("x/models")), b = Files.createDirectories(dir.resolve("y/graphs"));
        Files.writeString(a.resolve("m.bin"), "weights");
        Files.writeString(b.resolve("g.json"), "{}");
        Path single = Files.writeString(dir.resolve("notes.txt"), "a file as a source");
        try (RepositoryFixture f = new RepositoryFixture(dir.resolve("home"), 3)) {
            SnapshotOutcome s = f.snapshot(new LayerSource("mind", List.of(a, b, single)));
            assertFalse(f.restore(s.id(), dir.resolve("out"), List.of(), null).any());
            assertEquals(List.of(), TreeDiff.compare(a, dir.resolve("out/mind/models")));
            assertEquals(List.of(), TreeDiff.compare(b, dir.resolve("out/mind/graphs")));
            assertEquals("a file as a source", Files.readString(dir.resolve("out/mind/notes.txt")));
        }
    }

    @Test
    void partialRestoreByLayerAndPath() throws Exception {
        Path src = dir.resolve("src");
        new DemoDataset(4, 1).generate(src);
        try (RepositoryFixture f = new RepositoryFixture(dir.resolve("home"), 4)) {
            Cid id = snap(f, src).id();
            assertFalse(f.restore(id, dir.resolve("out"), List.of("body"), "runtime").any());
            assertEquals(List.of(), TreeDiff.compare(src.resolve("body/runtime"), dir.resolve("out/body/runtime")));
            assertFalse(Files.exists(dir.resolve("out/body/hardware")));
            assertFalse(Files.exists(dir.resolve("out/mind")));
            assertFalse(f.restore(id, dir.resolve("out3"), List.of("mind"), "weights/layer-01.bin").any());
            assertEquals(-1, Files.mismatch(src.resolve("mind/weights/layer-01.bin"), dir.resolve("out3/mind/weights/layer-01.bin")));
            assertThrows(java.nio.file.NoSuchFileException.class, () -> f.restore(id, dir.resolve("out4"), List.of("mind"), "no/such"));
        }
    }

    @Test
    void FileChangedWhileBeingReadIsReadAgain() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path file = Files.writeString(src.resolve("log"), "first version");
        FileStat stale = FileStat.read(file);
        Files.writeString(file, "second, longer version");
        try (RepositoryFixture f = new RepositoryFixture(dir.resolve("home"), 5)) {
            SnapshotStats stats = new SnapshotStats();
            Warnings w = new Warnings(f.warned::add);
            BlockSaverHarness h = new BlockSaverHarness(f, stats, w);
            var entry = h.chunker.file(new SourceEntry("log", file, stale, null), null, c -> { }).join();
            assertEquals(1, stats.rereads.get(), "the stat after the read differs from the scanner's: read again");
            assertEquals(Files.size(file), entry.size());
            assertTrue(f.warned.isEmpty(), f.warned.toString());
            h.close();
        }
    }

    @Test
    void VanishedSourceFileIsReportedAndSnapshotCompletes() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path file = Files.writeString(src.resolve("gone"), "soon gone");
        Files.writeString(src.resolve("kept"), "kept");
        FileStat st = FileStat.read(file);
        Files.delete(file);
        try (RepositoryFixture f = new RepositoryFixture(dir.resolve("home"), 6)) {
            SnapshotStats stats = new SnapshotStats();
            Warnings w = new Warnings(f.warned::add);
            BlockSaverHarness h = new BlockSaverHarness(f, stats, w);
            assertNull(h.chunker.file(new SourceEntry("gone", file, st, null), null, c -> { }).join());
            assertTrue(w.incomplete());
            assertTrue(f.warned.get(0).message().contains("vanished"), f.warned.toString());
            h.close();
        }
    }
}
