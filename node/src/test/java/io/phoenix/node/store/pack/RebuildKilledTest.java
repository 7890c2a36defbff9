package io.phoenix.node.store.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.store.ReadyChild;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.CorruptBlockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebuild killed with SIGKILL at each of its phases: the store opens and reads correctly with
 * the old index (killed before the new run was renamed into place) or the new one (after), what
 * the rebuild left is removed at open, and a second rebuild completes.
 */
class RebuildKilledTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "killed at {0}, ledger damaged: {1}")
    @CsvSource({
        "SCANNING, false", "SORTED, false", "RUN_WRITTEN, false", "RUN_INSTALLED, false", "OLD_RUN_REMOVED, false", "DONE, false",
        "LEDGER_WRITTEN, true", "RUN_INSTALLED, true"
    })
    void KilledRebuildLeavesAStoreThatOpensAndReads(IndexRebuild.Phase phase, boolean damagedLedger) throws Exception {
        List<Cid> all = new ArrayList<>();
        try (PackBlockStore store = PackBlockStore.open(dir, PackStoreOptions.DEFAULTS.withMaxPackBytes(64_000).withMaxPendingBlocks(1_000))) {
            all.addAll(IndexRebuildTest.put(store, 500, 0, 200));
            store.flush();
            all.addAll(IndexRebuildTest.put(store, 500, 200, 230));
            store.flush();
            all.addAll(IndexRebuildTest.put(store, 500, 230, 232));
        }
        Cid bad = all.get(100);
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            PackBlockStore.Position at = store.position(bad);
            IndexRebuildTest.flip(at.pack(), at.offset() + 17);
        }
        if (damagedLedger) IndexRebuildTest.flip(dir.resolve("packs").resolve("ledger"), 2);
        List<String> oldRuns = runNames();
        assertEquals(3, oldRuns.size());

        Process child = ReadyChild.start(RebuildProcess.class, dir.toString(), phase.name());
        child.destroyForcibly(); // SIGKILL on Linux
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));

        boolean installed = phase.compareTo(IndexRebuild.Phase.RUN_INSTALLED) >= 0;
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            for (Cid c : all) {
                if (!c.equals(bad)) assertTrue(c.verifies(store.get(c)), "block " + c + " after a kill at " + phase);
            }
            if (installed) {
                assertFalse(store.has(bad), "the new index left the damaged entry out");
            } else {
                assertThrows(CorruptBlockException.class, () -> store.get(bad), "the old index is in use");
            }
            assertEquals(installed ? List.of(IndexRun.name(1, 3)) : oldRuns, runNames());
        }
        assertFalse(Files.exists(dir.resolve(IndexRebuild.SCRATCH)), "the scratch directory is removed at open");
        assertFalse(Files.exists(dir.resolve("packs").resolve("ledger.tmp")));
        try (Stream<Path> s = Files.list(dir.resolve("index"))) {
            assertEquals(0, s.filter(p -> p.toString().endsWith(".tmp")).count());
        }

        RebuildReport r = IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        assertEquals(all.size() - 1, r.indexed());
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            assertFalse(store.has(bad));
            for (Cid c : all) if (!c.equals(bad)) assertTrue(c.verifies(store.get(c)));
        }
    }

    private List<String> runNames() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("index"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".run")).sorted().toList();
        }
    }
}
