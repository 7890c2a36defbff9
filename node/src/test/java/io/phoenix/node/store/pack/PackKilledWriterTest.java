package io.phoenix.node.store.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.store.ReadyChild;
import io.phoenix.protocol.multiformats.Cid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process killed with SIGKILL: flushed blocks survive whole, the unflushed ones (whose bytes
 * sit unindexed at the end of the pack) are absent, the lock is gone, and the next writer appends to
 * a new pack and can store the lost blocks again.
 */
class PackKilledWriterTest {
    @TempDir
    Path dir;

    @Test
    void KilledWriterLeavesOnlyWholeFlushedBlocks() throws Exception {
        int flushed = 12;
        int pending = 7;
        Process child = ReadyChild.start(StoreWriterProcess.class, dir.toString(), "" + flushed, "" + pending);
        child.destroyForcibly(); // SIGKILL on Linux
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        Path pack = dir.resolve("packs").resolve(PackFiles.name(1));
        assertTrue(Files.size(pack) > (flushed + pending) * 64L * 1024, "the unflushed blocks' bytes reached the pack");
        long before = Files.size(pack);
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            assertTrue(store.bytesReclaimed() >= pending * 64L * 1024, "the unindexed tail is given back: " + store.bytesReclaimed());
            assertEquals(before - store.bytesReclaimed(), Files.size(pack));
            Set<Cid> all = new HashSet<>();
            store.forEach(all::add);
            assertEquals(flushed, all.size());
            for (int i = 0; i < flushed; i++) {
                byte[] data = PackBlockStoreBehaviourTest.block(64 * 1024, i);
                assertArrayEquals(data, store.get(Cid.ofRaw(data)));
            }
            for (int i = flushed; i < flushed + pending; i++) {
                byte[] data = PackBlockStoreBehaviourTest.block(64 * 1024, i);
                assertFalse(store.has(Cid.ofRaw(data)));
                store.put(Cid.ofRaw(data), data);
            }
            store.flush();
            assertTrue(Files.exists(dir.resolve("packs").resolve(PackFiles.name(2))), "a new process writes a new pack");
            for (int i = 0; i < flushed + pending; i++) {
                byte[] data = PackBlockStoreBehaviourTest.block(64 * 1024, i);
                assertArrayEquals(data, store.get(Cid.ofRaw(data)));
            }
        }
    }
}
