package io.phoenix.node.store.file;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer process killed with SIGKILL: flushed blocks survive, its temp files go at the next open, its lock is gone. */
class KilledWriterTest {
    @TempDir
    Path dir;

    @Test
    void KilledWriterLeavesOnlyWholeBlocks() throws Exception {
        int flushed = 12;
        int pending = 7;
        Process child = ReadyChild.start(StoreWriterProcess.class, "files", dir.toString(), "" + flushed, "" + pending);
        child.destroyForcibly(); // SIGKILL on Linux
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
            assertEquals(pending, tmp.count(), "unflushed blocks are left in tmp/");
        }
        try (FileBlockStore store = FileBlockStore.open(dir)) {
            assertEquals(pending, store.leftoversRemoved());
            Set<Cid> all = new HashSet<>();
            store.forEach(all::add);
            assertEquals(flushed, all.size());
            for (int i = 0; i < flushed; i++) {
                byte[] data = FileBlockStoreBehaviourTest.block(64 * 1024, i);
                assertArrayEquals(data, store.get(Cid.ofRaw(data)));
            }
            for (int i = flushed; i < flushed + pending; i++) {
                assertFalse(store.has(Cid.ofRaw(FileBlockStoreBehaviourTest.block(64 * 1024, i))));
            }
        }
    }
}
