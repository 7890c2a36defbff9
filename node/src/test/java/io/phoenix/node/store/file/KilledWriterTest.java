package io.phoenix.node.store.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Cid;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StoreWriterProcess.class.getName(), dir.toString(), "" + flushed, "" + pending)
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    String l;
                    while ((l = out.readLine()) != null && !l.equals("ready")) System.err.println("child: " + l);
                    return l;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertEquals("ready", line);
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
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
