package io.phoenix.node.snapshot;

import static org.junit.jupiter.api.Assertions.*;

import io.phoenix.protocol.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCacheTest {
    @TempDir
    Path dir;

    private static CachedFile entryFor(Path f) throws Exception {
        Cid cid = Cid.ofRaw(Files.readAllBytes(f));
        byte[] mac = new byte[32];
        mac[0] = (byte) f.getFileName().toString().hashCode();
        return CachedFile.of(FileStat.read(f), List.of(new SavedChunk(cid, (int) Files.size(f), mac)), new byte[32]);
    }

    private static byte[] key(String relative) {
        return relative.replace('/', '\0').getBytes(StandardCharsets.UTF_8);
    }

    /** Writes one section for {@code root} with the given files (relative paths, in scan order). */
    private Path write(Path file, Path root, FileCache previous, List<Path> scanned, String... files) throws Exception {
        try (FileCacheWriter w = new FileCacheWriter(file, 1000)) {
            w.beginSection(root);
            for (String f : files) w.reserve(key(f)).fill(entryFor(root.resolve(f)));
            w.endSection();
            FileCacheWriter.commit(w.finish(previous, scanned), file);
        }
        return file;
    }

    private static FileCache open(Path file) {
        return FileCache.open(file, m -> fail(m));
    }

    @Test
    void roundTripsAndMatchesOnlyAnUnchangedFile() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("a"), "alpha");
        Files.writeString(src.resolve("b"), "beta");
        Path file = write(dir.resolve("cache/files"), src, FileCache.empty(), List.of(src), "a", "b");

        try (FileCache loaded = open(file)) {
            assertEquals(2, loaded.records());
            CacheCursor c = loaded.section(src);
            byte[] a = c.find(key("a"));
            assertNotNull(a);
            CachedFile hit = CachedFile.decode(a);
            assertTrue(hit.matches(FileStat.read(src.resolve("a"))));
            assertEquals(Cid.ofRaw("alpha".getBytes()), hit.chunks().get(0).cid());
            Files.writeString(src.resolve("b"), "BETA");
            assertFalse(CachedFile.decode(c.find(key("b"))).matches(FileStat.read(src.resolve("b"))), "a rewritten file is a miss");
            assertNull(loaded.section(src), "a section is handed out once");
        }
    }

    @Test
    void cursorSkipsRecordsOfFilesThatAreGoneAndMissesNewOnes() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/d"));
        for (String n : List.of("a", "c", "d/x", "e")) Files.writeString(dir.resolve("src").resolve(n), n);
        Path root = dir.resolve("src");
        Path file = write(dir.resolve("files"), root, FileCache.empty(), List.of(root), "a", "c", "d/x", "e");
        try (FileCache loaded = open(file)) {
            CacheCursor c = loaded.section(root);
            assertNull(c.find(key("b")), "a new file");
            assertNotNull(c.find(key("d/x")), "'c' is gone: passed over");
            assertNull(c.find(key("d/y")));
            assertNotNull(c.find(key("e")));
            assertNull(c.find(key("f")));
        }
    }

    @Test
    void slotsFilledOutOfOrderAreWrittenInScanOrder() throws Exception {
        Path root = Files.createDirectories(dir.resolve("src"));
        List<String> names = List.of("a", "b", "c", "d");
        for (String n : names) Files.writeString(root.resolve(n), n);
        Path file = dir.resolve("files");
        try (FileCacheWriter w = new FileCacheWriter(file, 100)) {
            w.beginSection(root);
            List<FileCacheWriter.Slot> slots = new ArrayList<>();
            for (String n : names) slots.add(w.reserve(key(n)));
            w.endSection();
            slots.get(3).fill(entryFor(root.resolve("d")));
            slots.get(1).fill(null); // changed while read: no record
            slots.get(2).fill(entryFor(root.resolve("c")));
            assertEquals(0, w.written(), "nothing can be written before the first slot is filled");
            assertEquals(4, w.mostQueued());
            slots.get(0).fill(entryFor(root.resolve("a")));
            assertEquals(3, w.written());
            FileCacheWriter.commit(w.finish(FileCache.empty(), List.of(root)), file);
        }
        try (FileCache loaded = open(file)) {
            CacheCursor c = loaded.section(root);
            assertNotNull(c.find(key("a")));
            assertNull(c.find(key("b")));
            assertNotNull(c.find(key("c")));
            assertNotNull(c.find(key("d")));
        }
    }

    @Test
    void pathsBeyondAsciiRoundTrip() throws Exception {
        Path root = Files.createDirectories(dir.resolve("src"));
        Files.createDirectories(root.resolve("mémoire/記憶"));
        String a = "mémoire/記憶/rêve-😀.log", b = "plain";
        Files.writeString(root.resolve(a), "dream");
        Files.writeString(root.resolve(b), "x");
        Path file = write(dir.resolve("files"), root, FileCache.empty(), List.of(root), a, b);
        try (FileCache loaded = open(file)) {
            CacheCursor c = loaded.section(root);
            assertNotNull(c.find(key(a)));
            assertNotNull(c.find(key(b)));
        }
    }

    @Test
    void sectionsOfRootsNotScannedSurviveASave() throws Exception {
        Path one = Files.createDirectories(dir.resolve("one")), two = Files.createDirectories(dir.resolve("two"));
        Files.writeString(one.resolve("a"), "a");
        Files.writeString(two.resolve("b"), "b");
        Path file = dir.resolve("files");
        write(file, one, FileCache.empty(), List.of(one), "a");
        try (FileCache first = open(file)) {
            write(file, two, first, List.of(two), "b"); // a run over "two" only: "one" is carried over
        }
        try (FileCache second = open(file)) {
            write(file, one, second, List.of(one)); // a run over "one", where "a" vanished: "two" is carried over
        }
        try (FileCache third = open(file)) {
            assertNull(third.section(one).find(key("a")));
            assertNotNull(third.section(two).find(key("b")));
        }
    }

    @Test
    void TruncatedCacheFileIsIgnoredWithAMessage() throws Exception {
        Path root = Files.createDirectories(dir.resolve("src"));
        Files.writeString(root.resolve("a"), "alpha");
        Path file = write(dir.resolve("files"), root, FileCache.empty(), List.of(root), "a");
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 7));
        List<String> messages = new ArrayList<>();
        try (FileCache loaded = FileCache.open(file, messages::add)) {
            assertNull(loaded.section(root));
        }
        assertEquals(1, messages.size());
        assertTrue(messages.get(0).contains("read again"), messages.get(0));
    }

    @Test
    void GarbageCacheFileIsIgnoredWithAMessage() throws Exception {
        Path file = Files.write(dir.resolve("files"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26});
        List<String> messages = new ArrayList<>();
        assertEquals(0, FileCache.open(file, messages::add).records());
        assertEquals(1, messages.size());
    }

    @Test
    void VersionOneCacheIsIgnoredWithAMessage() throws Exception {
        byte[] v1 = Arrays.copyOf("PHXFCACHE\u0001\u0000".getBytes(StandardCharsets.US_ASCII), 40);
        Path file = Files.write(dir.resolve("files"), v1);
        List<String> messages = new ArrayList<>();
        assertEquals(0, FileCache.open(file, messages::add).records());
        assertTrue(messages.get(0).contains("unsupported version 1"), messages.get(0));
    }

    @Test
    void FlippedBitInARecordIsDetectedAndTheRecordIsNotUsed() throws Exception {
        Path root = Files.createDirectories(dir.resolve("src"));
        for (String n : List.of("a", "b", "c")) Files.writeString(root.resolve(n), n.repeat(100));
        Path file = write(dir.resolve("files"), root, FileCache.empty(), List.of(root), "a", "b", "c");
        byte[] all = Files.readAllBytes(file);
        // the first frame starts after the 10-byte header: flip a bit in the middle of its payload
        all[FileCache.HEADER + 4 + 60] ^= 0x10;
        Files.write(file, all);
        List<String> messages = new ArrayList<>();
        try (FileCache loaded = FileCache.open(file, messages::add)) {
            assertTrue(messages.isEmpty(), "header, footer and table are intact");
            CacheCursor c = loaded.section(root);
            assertNull(c.find(key("a")), "a record of a damaged frame is never handed out");
            assertNull(c.find(key("c")));
        }
        assertEquals(1, messages.size());
        assertTrue(messages.get(0).contains("checksum"), messages.get(0));
    }
}
