package io.phoenix.node.store.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.store.Tmpfs;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.StoreFullException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** A real full filesystem: a 4 MiB tmpfs mounted for the test (needs root, as in CI). */
class FullDiskTest {
    @TempDir
    Path dir;
    Path mount;
    Tmpfs tmpfs;

    @BeforeEach
    void mountTmpfs(org.junit.jupiter.api.TestInfo test) throws Exception {
        mount = Files.createDirectory(dir.resolve("tiny"));
        // the flush test runs out of inodes (directories) rather than bytes
        tmpfs = Tmpfs.mount(mount, test.getDisplayName().contains("Flush") ? "size=4m,nr_inodes=400" : "size=4m");
    }

    @AfterEach
    void unmount() throws Exception {
        if (tmpfs != null) tmpfs.close();
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void FullDiskFailsThePutCleanlyAndHarmsNothing(Durability durability) throws Exception {
        List<byte[]> stored = new ArrayList<>();
        StoreFullException full = null;
        Cid failed = null;
        try (FileBlockStore store = FileBlockStore.open(mount.resolve("store"), FileStoreOptions.DEFAULTS.withDurability(durability))) {
            for (int i = 0; i < 16 && full == null; i++) {
                byte[] data = FileBlockStoreBehaviourTest.block(1 << 20, i);
                Cid cid = Cid.ofRaw(data);
                try {
                    store.put(cid, data);
                    stored.add(data);
                } catch (StoreFullException e) {
                    full = e;
                    failed = cid;
                }
            }
            assertNotNull(full, "a 4 MiB tmpfs took 16 MiB of blocks");
            assertTrue(full.getMessage().startsWith("no space left on device while storing block " + failed), full.getMessage());
            assertTrue(stored.size() >= 2, "only " + stored.size() + " blocks fit");
            assertFalse(store.has(failed));
            try (Stream<Path> tmp = Files.list(store.directory().resolve("tmp"))) {
                long expectedTemps = durability == Durability.BATCHED ? stored.size() : 0; // pending blocks wait in tmp/
                assertEquals(expectedTemps, tmp.count(), "no temp file of the failed put is left behind");
            }
            store.flush();
            HashSet<Cid> all = new HashSet<>();
            store.forEach(all::add);
            assertEquals(stored.size(), all.size());
            for (byte[] data : stored) assertArrayEquals(data, store.get(Cid.ofRaw(data)));

            store.delete(Cid.ofRaw(stored.get(0)));
            byte[] retry = FileBlockStoreBehaviourTest.block(1 << 20, stored.size());
            store.put(failed, retry);
            store.flush();
            assertArrayEquals(retry, store.get(failed));
        }
    }

    @org.junit.jupiter.api.Test
    void FlushThatRunsOutOfSpaceHalfWayCanBeRetried() throws Exception {
        List<byte[]> blocks = new ArrayList<>();
        try (FileBlockStore store = FileBlockStore.open(mount.resolve("store"), FileStoreOptions.DEFAULTS)) {
            for (int i = 0; i < 8; i++) {
                byte[] data = FileBlockStoreBehaviourTest.block(100, 500 + i);
                store.put(Cid.ofRaw(data), data);
                blocks.add(data);
            }
            // The 256 shard directories exist from the start, so a flush only needs a new inode when a
            // shard directory has gone missing: remove the blocks' shards, then use up every inode.
            for (byte[] data : blocks) Files.deleteIfExists(store.fileOf(Cid.ofRaw(data)).getParent());
            for (int i = 0; ; i++) {
                try {
                    Files.createFile(mount.resolve("filler-" + i));
                } catch (java.io.IOException noInodeLeft) {
                    break;
                }
            }
            StoreFullException full = org.junit.jupiter.api.Assertions.assertThrows(StoreFullException.class, store::flush);
            assertTrue(full.getMessage().startsWith("no space left on device while flushing blocks"), full.getMessage());
            for (byte[] data : blocks) assertArrayEquals(data, store.get(Cid.ofRaw(data)), "every block stays readable");
            // free inodes by dropping blocks that are still pending, until a flush gets through
            List<byte[]> kept = new ArrayList<>(blocks);
            boolean flushed = false;
            for (int i = blocks.size() - 1; i >= 0 && !flushed; i--) {
                Cid cid = Cid.ofRaw(blocks.get(i));
                if (Files.exists(store.fileOf(cid))) continue;
                store.delete(cid);
                kept.remove(blocks.get(i));
                try {
                    store.flush();
                    flushed = true;
                } catch (StoreFullException stillFull) {
                    // not enough inodes yet
                }
            }
            assertTrue(flushed, "flush never succeeded after freeing space");
            assertEquals(0, store.pendingBlocks());
            HashSet<Cid> all = new HashSet<>();
            store.forEach(all::add);
            assertEquals(kept.size(), all.size());
            for (byte[] data : kept) assertArrayEquals(data, store.get(Cid.ofRaw(data)));
        }
    }
}
