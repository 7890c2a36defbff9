package io.phoenix.node.store.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.store.InUseException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.CorruptBlockException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the file store does beyond the contract: layout, quarantine, crash leftovers, locking. */
class FileBlockStoreBehaviourTest {
    @TempDir
    Path dir;

    static byte[] block(int size, long seed) {
        return io.phoenix.node.store.TestBlocks.random(size, seed);
    }

    static long count(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void blockLivesInItsDigestShard() throws Exception {
        byte[] data = block(1000, 1);
        Cid cid = Cid.ofRaw(data);
        try (FileBlockStore store = FileBlockStore.open(dir)) {
            store.put(cid, data);
            store.flush();
            byte[] d = cid.multihash().digest();
            Path expected = dir.resolve("blocks").resolve(String.format("%02x", d[0])).resolve(cid.toString());
            assertEquals(expected, store.fileOf(cid));
            assertArrayEquals(data, Files.readAllBytes(expected));
        }
        assertEquals("phoenix-blockstore 2\n", Files.readString(dir.resolve("VERSION")));
    }

    @Test
    void batchedBlockAppearsInItsShardOnlyAfterFlush() throws Exception {
        byte[] data = block(1000, 2);
        Cid cid = Cid.ofRaw(data);
        try (FileBlockStore store = FileBlockStore.open(dir)) {
            store.put(cid, data);
            assertFalse(Files.exists(store.fileOf(cid)), "visible in blocks/ before it is durable");
            assertEquals(1, count(dir.resolve("tmp")));
            assertEquals(1, store.pendingBlocks());
            assertArrayEquals(data, store.get(cid));
            store.flush();
            assertTrue(Files.exists(store.fileOf(cid)));
            assertEquals(0, count(dir.resolve("tmp")));
            assertEquals(0, store.pendingBlocks());
        }
    }

    @Test
    void pendingBlocksAreFlushedAutomaticallyAndOnClose() throws Exception {
        List<Cid> cids = new ArrayList<>();
        try (FileBlockStore store = FileBlockStore.open(dir, FileStoreOptions.DEFAULTS.withMaxPendingBlocks(4))) {
            for (int i = 0; i < 10; i++) {
                byte[] data = block(100, 10 + i);
                cids.add(Cid.ofRaw(data));
                store.put(cids.get(i), data);
            }
            assertTrue(store.pendingBlocks() < 4, "auto flush bounds pending blocks");
        }
        try (FileBlockStore store = FileBlockStore.open(dir)) {
            for (int i = 0; i < 10; i++) assertArrayEquals(block(100, 10 + i), store.get(cids.get(i)));
        }
    }

    @Test
    void CorruptBlockIsQuarantinedAndRepairedByTheNextPut() throws Exception {
        byte[] data = block(20_000, 3);
        Cid cid = Cid.ofRaw(data);
        try (FileBlockStore store = FileBlockStore.open(dir)) {
            store.put(cid, data);
            store.flush();
            Path file = store.fileOf(cid);
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.seek(100);
                f.write(0);
                f.write(0);
            }
            CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> store.get(cid));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("moved to " + dir.resolve("quarantine").resolve(cid.toString())), e.getMessage());
            assertFalse(store.has(cid));
            assertTrue(Files.exists(dir.resolve("quarantine").resolve(cid.toString())));
            assertThrows(BlockNotFoundException.class, () -> store.get(cid));
            store.put(cid, data);
            store.flush();
            assertArrayEquals(data, store.get(cid));
        }
    }

    @Test
    void withoutQuarantineCorruptFileStaysAndKeepsFailing() throws Exception {
        byte[] data = block(2000, 4);
        Cid cid = Cid.ofRaw(data);
        try (FileBlockStore store = FileBlockStore.open(dir, FileStoreOptions.DEFAULTS.withQuarantine(false))) {
            store.put(cid, data);
            store.flush();
            Files.write(store.fileOf(cid), new byte[] {1, 2, 3});
            assertThrows(CorruptBlockException.class, () -> store.get(cid));
            assertThrows(CorruptBlockException.class, () -> store.get(cid));
            assertTrue(store.has(cid));
            assertEquals(0, count(dir.resolve("quarantine")));
        }
    }

    @Test
    void OversizedBlockFileIsReportedWithoutReadingIt() throws Exception {
        byte[] data = block(100, 5);
        Cid cid = Cid.ofRaw(data);
        FileStoreOptions small = new FileStoreOptions(Durability.PER_PUT, 8, 1000, true, 1);
        try (FileBlockStore store = FileBlockStore.open(dir, small)) {
            store.put(cid, data);
            try (RandomAccessFile f = new RandomAccessFile(store.fileOf(cid).toFile(), "rw")) {
                f.setLength(1L << 30); // sparse 1 GiB: reading it whole would exhaust a small heap
            }
            CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> store.get(cid));
            assertTrue(e.getMessage().contains("over the block size limit"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.put(Cid.ofRaw(new byte[1001]), new byte[1001]));
        }
    }

    @Test
    void LeftoverTempFilesAreRemovedAtOpen() throws Exception {
        try (FileBlockStore store = FileBlockStore.open(dir)) {
            store.put(Cid.ofRaw(block(10, 6)), block(10, 6));
        }
        Files.write(dir.resolve("tmp").resolve("bafkreileftover.1.tmp"), block(500, 7));
        Files.write(dir.resolve("tmp").resolve("bafkreileftover.2.tmp"), new byte[0]);
        try (FileBlockStore store = FileBlockStore.open(dir)) {
            assertEquals(2, store.leftoversRemoved());
            assertEquals(0, count(dir.resolve("tmp")));
            List<Cid> all = new ArrayList<>();
            store.forEach(all::add);
            assertEquals(List.of(Cid.ofRaw(block(10, 6))), all);
        }
    }

    @Test
    void forEachIgnoresStrayFiles() throws Exception {
        byte[] data = block(10, 8);
        Cid cid = Cid.ofRaw(data);
        try (FileBlockStore store = FileBlockStore.open(dir)) {
            store.put(cid, data);
            store.flush();
            Files.writeString(store.fileOf(cid).resolveSibling("notes.txt"), "x");
            Files.createDirectories(dir.resolve("blocks").resolve("zz"));
            int seed = 9;
            while (store.fileOf(Cid.ofRaw(block(10, seed))).getParent().equals(store.fileOf(cid).getParent())) seed++;
            Cid other = Cid.ofRaw(block(10, seed));
            Files.write(store.fileOf(cid).resolveSibling(other.toString()), block(10, seed)); // wrong shard
            List<Cid> all = new ArrayList<>();
            store.forEach(all::add);
            assertEquals(List.of(cid), all);
        }
    }

    @Test
    void secondOpenOfTheSameStoreIsRefused() throws Exception {
        try (FileBlockStore store = FileBlockStore.open(dir)) {
            InUseException e = assertThrows(InUseException.class, () -> FileBlockStore.open(dir));
            assertEquals(ProcessHandle.current().pid(), e.pid());
            assertTrue(e.getMessage().contains("block store " + dir + " is in use by pid"), e.getMessage());
        }
        FileBlockStore.open(dir).close();
    }

    @Test
    void foreignOrNewerDirectoryIsRefused() throws Exception {
        Files.writeString(dir.resolve("photo.jpg"), "x");
        IOException e = assertThrows(IOException.class, () -> FileBlockStore.open(dir));
        assertTrue(e.getMessage().contains("not empty and has no VERSION"), e.getMessage());
        Path other = Files.createDirectory(dir.resolve("other"));
        Files.writeString(other.resolve("VERSION"), "phoenix-blockstore 9\n");
        e = assertThrows(IOException.class, () -> FileBlockStore.open(other));
        assertTrue(e.getMessage().contains("unsupported block store format"), e.getMessage());
        assertFalse(Files.exists(other.resolve("blocks")));
    }
}
