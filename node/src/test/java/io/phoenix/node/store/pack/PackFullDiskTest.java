package io.phoenix.node.store.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real full filesystem under the pack store: a 4 MiB tmpfs mounted for the test (needs root, as in CI). */
class PackFullDiskTest {
    @TempDir
    Path dir;
    Path mount;
    Tmpfs tmpfs;

    @BeforeEach
    void mountTmpfs() throws Exception {
        mount = Files.createDirectory(dir.resolve("tiny"));
        tmpfs = Tmpfs.mount(mount, "size=4m");
    }

    @AfterEach
    void unmount() throws Exception {
        if (tmpfs != null) tmpfs.close(); // busy if the store left a file open or mapped
    }

    @Test
    void FullDiskFailsThePutCleanlyAndHarmsNothing() throws Exception {
        List<byte[]> stored = new ArrayList<>();
        StoreFullException full = null;
        Cid failed = null;
        Path root = mount.resolve("store");
        // deleted below to free room for one more block (the failed put's partial bytes stay until the next open)
        Path filler = Files.write(mount.resolve("filler"), new byte[3 << 19]);
        PackBlockStore store = PackBlockStore.open(root, PackStoreOptions.DEFAULTS.withMaxPendingBlocks(2));
        byte[] failedData = null;
        try {
            for (int i = 0; i < 16 && full == null; i++) {
                byte[] data = PackBlockStoreBehaviourTest.block(1 << 20, i);
                Cid cid = Cid.ofRaw(data);
                try {
                    store.put(cid, data);
                    stored.add(data);
                } catch (StoreFullException e) {
                    full = e;
                    failed = cid;
                    failedData = data;
                }
            }
            assertNotNull(full, "a 4 MiB tmpfs took 16 MiB of blocks");
            assertTrue(full.getMessage().startsWith("no space left on device while storing block " + failed), full.getMessage());
            assertTrue(stored.size() >= 2, "only " + stored.size() + " blocks fit");
            assertFalse(store.has(failed));
            for (byte[] data : stored) assertArrayEquals(data, store.get(Cid.ofRaw(data)));

            // free space and run the same put again: it succeeds
            Files.delete(filler);
            store.put(failed, failedData);
            stored.add(failedData);
            store.flush();
            assertArrayEquals(failedData, store.get(failed));
        } finally {
            try {
                store.close(); // its last flush may find no room for the index run: then the unflushed blocks are lost
            } catch (StoreFullException e) {
                assertTrue(e.getMessage().startsWith("no space left on device while flushing blocks"), e.getMessage());
            }
        }
        try (PackBlockStore reopened = PackBlockStore.open(root)) {
            PackBlockStore store2 = reopened;
            HashSet<Cid> all = new HashSet<>();
            store2.forEach(all::add);
            assertTrue(all.size() >= stored.size() - 2, "flushed blocks survive the full disk: " + all.size() + " of " + stored.size());
            for (Cid c : all) assertTrue(stored.stream().anyMatch(d -> Cid.ofRaw(d).equals(c)));
            for (Cid c : all) store2.get(c); // verified reads
        }
    }

    @Test
    void FlushThatRunsOutOfSpaceKeepsItsBlocksPendingAndCanBeRetried() throws Exception {
        Path root = mount.resolve("store");
        Path filler = mount.resolve("filler");
        try (PackBlockStore store = PackBlockStore.open(root, PackStoreOptions.DEFAULTS)) {
            List<Cid> cids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] data = PackBlockStoreBehaviourTest.block(1000, 100 + i);
                store.put(Cid.ofRaw(data), data);
                cids.add(Cid.ofRaw(data));
            }
            // use up the rest of the space so that the index run cannot be written
            try (var out = Files.newOutputStream(filler)) {
                byte[] chunk = new byte[64 * 1024];
                while (true) out.write(chunk);
            } catch (IOException noSpaceLeft) {
                // filled
            }
            StoreFullException e = assertThrows(StoreFullException.class, store::flush);
            assertTrue(e.getMessage().startsWith("no space left on device while flushing blocks"), e.getMessage());
            assertEquals(8, store.pendingBlocks(), "the failed flush keeps its blocks pending");
            for (int i = 0; i < 8; i++) assertArrayEquals(PackBlockStoreBehaviourTest.block(1000, 100 + i), store.get(cids.get(i)));
            Files.delete(filler);
            store.flush();
            assertEquals(0, store.pendingBlocks());
        }
        try (PackBlockStore store = PackBlockStore.open(root)) {
            for (int i = 0; i < 8; i++) {
                byte[] data = PackBlockStoreBehaviourTest.block(1000, 100 + i);
                assertArrayEquals(data, store.get(Cid.ofRaw(data)), "every block survives the retried flush");
            }
            try (var s = Files.list(root.resolve("index"))) {
                assertEquals(0, s.filter(p -> p.toString().endsWith(".tmp")).count(), "the failed run's temp file is gone");
            }
        }
    }
}
