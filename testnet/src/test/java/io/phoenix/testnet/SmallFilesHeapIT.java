package io.phoenix.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 6 at a size CI affords: three real node processes, each with the launcher's
 * 192 MiB heap; the writer snapshots {@value #FILES} small files (200–600 bytes, 1,000 per
 * directory, across the three layers) and the two others replicate them at loopback speed. Every
 * node must hold the snapshot verified, stay up and log no {@code OutOfMemoryError}; afterwards
 * every store passes {@code phoenix verify} and node1's restore equals the source byte for byte.
 * The full size (250,000 files) is {@code bench/testnet-small-files.sh}.
 *
 * <p>That the heap stayed small is read from each node's GC log ({@code HOME/logs/gc.log}, which
 * every testnet node writes), not from timings, so that a loaded two-core machine cannot make it
 * fail or pass by chance:
 * <ul>
 *   <li>the JVM's {@code Heap Max Capacity} is 192 MiB (the launcher's {@code -Xmx192m}: a node
 *       given more would prove nothing);
 *   <li>no full collection forced by the heap left more than half of it in use — before the memory
 *       work a node's live set approached the maximum, and then full collections follow each other,
 *       each freeing little (the storm); this counts bytes, not seconds;
 *   <li>forced full collections took under a fifth of the node's run (a healthy node: none, or well
 *       under 1%; the bound is loose so that a slow machine does not trip it);
 *   <li>after the run each node is asked for a full collection ({@code jcmd PID GC.run}): what it
 *       retains (27–32 MiB measured at 30,000 files) must be under a third of the heap.
 * </ul>
 * {@link GcLogTest} shows each check failing on a log that breaks it.
 */
class SmallFilesHeapIT {
    static final int FILES = 30_000;

    @TempDir
    Path dir;

    @Test
    void threeNodesSnapshotAndReplicateManySmallFilesInTheLaunchersHeap() throws Exception {
        SmallFilesScenario.Report r = SmallFilesScenario.run(dir, 3, FILES, Duration.ofSeconds(240), 0);
        String json = r.json();
        System.out.println(json);
        assertTrue(r.ok(), json);
        assertEquals(FILES, r.files());
        assertEquals(3, r.nodes().size());
        assertTrue(r.restoreIdentical(), json);
        for (SmallFilesScenario.NodeReport n : r.nodes()) {
            assertTrue(n.alive(), n.name() + " exited: " + json);
            assertTrue(n.secondsToVerified() >= 0, n.name() + " did not complete: " + json);
            assertTrue(!n.oomLogged(), n.name() + " logged an OutOfMemoryError: " + json);
            assertEquals(Boolean.TRUE, n.verify().get("ok"), n.name() + "'s store: " + json);
            assertEquals(SmallFilesScenario.LAUNCHER_HEAP, n.gc().maxHeapBytes(), n.name() + ": " + json);
            assertNull(SmallFilesScenario.stormOf(n.gc()), json);
            assertTrue(n.retainedBytes().isPresent(), n.name() + " was not asked for a full collection: " + json);
            assertTrue(n.retainedBytes().getAsLong() < SmallFilesScenario.LAUNCHER_HEAP / 3, n.name() + " retains: " + json);
        }
    }
}
