package io.phoenix.node.snapshot;

import static org.junit.jupiter.api.Assertions.*;

import io.phoenix.protocol.multiformats.Cid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCacheTest {
    @TempDir
    Path dir;

    private CachedFile entryFor(Path f) throws Exception {
        Cid cid = Cid.ofRaw(Files.readAllBytes(f));
        return CachedFile.of(FileStat.read(f), List.of(new SavedChunk(cid, (int) Files.size(f), new byte[32])), new byte[32]);
    }

    @Test
    void roundTripsAndMatchesOnlyAnUnchangedFile() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path a = Files.writeString(src.resolve("a"), "alpha"), b = Files.writeString(src.resolve("b"), "beta");
        FileCache cache = FileCache.empty();
        cache.record(a, entryFor(a));
        cache.record(b, entryFor(b));
        Path file = dir.resolve("cache/files");
        cache.save(file, List.of(src));

        FileCache loaded = FileCache.load(file, m -> fail(m));
        assertEquals(2, loaded.size());
        CachedFile hit = loaded.lookup(a, FileStat.read(a));
        assertNotNull(hit);
        assertEquals(Cid.ofRaw("alpha".getBytes()), hit.chunks().get(0).cid());
        Files.writeString(b, "BETA");
        assertNull(loaded.lookup(b, FileStat.read(b)), "a rewritten file is a miss");
    }

    @Test
    void pathsBeyondAsciiRoundTrip() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/mémoire/記憶"));
        Path a = Files.writeString(src.resolve("rêve-😀.log"), "dream"), b = Files.writeString(src.resolve("plain"), "x");
        FileCache cache = FileCache.empty();
        cache.record(a, entryFor(a));
        cache.record(b, entryFor(b));
        Path file = dir.resolve("cache/files");
        cache.save(file, List.of(dir.resolve("src")));
        FileCache loaded = FileCache.load(file, m -> fail(m));
        assertEquals(2, loaded.size());
        assertNotNull(loaded.lookup(a, FileStat.read(a)));
        assertNotNull(loaded.lookup(b, FileStat.read(b)));
    }

    @Test
    void entriesOutsideTheScannedRootsSurviveASave() throws Exception {
        Path one = Files.createDirectories(dir.resolve("one")), two = Files.createDirectories(dir.resolve("two"));
        Path a = Files.writeString(one.resolve("a"), "a"), b = Files.writeString(two.resolve("b"), "b");
        FileCache first = FileCache.empty();
        first.record(a, entryFor(a));
        first.record(b, entryFor(b));
        Path file = dir.resolve("files");
        first.save(file, List.of(one, two));
        FileCache second = FileCache.load(file, m -> fail(m));
        second.save(file, List.of(one)); // a run over "one" only, where a vanished
        FileCache third = FileCache.load(file, m -> fail(m));
        assertNull(third.lookup(a, FileStat.read(a)));
        assertNotNull(third.lookup(b, FileStat.read(b)));
    }

    @Test
    void TruncatedCacheFileIsIgnoredWithAMessage() throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "alpha");
        FileCache cache = FileCache.empty();
        cache.record(a, entryFor(a));
        Path file = dir.resolve("files");
        cache.save(file, List.of(dir));
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 7));
        List<String> messages = new ArrayList<>();
        FileCache loaded = FileCache.load(file, messages::add);
        assertEquals(0, loaded.size());
        assertEquals(1, messages.size());
        assertTrue(messages.get(0).contains("read again"));
    }

    @Test
    void GarbageCacheFileIsIgnoredWithAMessage() throws Exception {
        Path file = Files.write(dir.resolve("files"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        List<String> messages = new ArrayList<>();
        assertEquals(0, FileCache.load(file, messages::add).size());
        assertEquals(1, messages.size());
    }
}
