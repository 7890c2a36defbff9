package io.phoenix.bridge;

import io.phoenix.protocol.testing.MapBlockStore;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.CorruptingBlockStore;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Bridge} passes. Subclasses provide a bridge on a fresh (or shared but
 * seed-isolated) remote; each test builds its own snapshots from a distinct seed so tests do not
 * see each other's blocks.
 */
public abstract class BridgeContract {
    private static final SplittableRandom SEEDS = new SplittableRandom(System.nanoTime());
    protected Bridge bridge;

    /** A bridge on the remote under test. Called before each test. */
    protected abstract Bridge newBridge() throws Exception;

    /** Whether the bridge reports block counts in {@link SnapshotState} (a pinning service does not). */
    protected boolean countsBlocks() {
        return true;
    }

    @BeforeEach
    void openBridge() throws Exception {
        bridge = newBridge();
    }

    @AfterEach
    void closeBridge() throws Exception {
        if (bridge != null) bridge.close();
    }

    protected static long seed() {
        synchronized (SEEDS) {
            return SEEDS.nextLong();
        }
    }

    @Test
    void pushThenRestoreIntoAnEmptyStoreIsByteIdentical() throws Exception {
        MapBlockStore local = new MapBlockStore();
        Snapshot snapshot = TestSnapshots.small(local, seed());
        PushReport report = bridge.push(snapshot);
        assertEquals(TestSnapshots.blocks(snapshot).size(), report.blocksTotal());
        assertEquals(report.blocksTotal(), report.blocksSent() + report.blocksSkipped());
        assertTrue(report.state().complete(), "state after push: " + report.state());

        MapBlockStore fresh = new MapBlockStore();
        RestoreReport restored = new BridgeRestore(4).restore(bridge, snapshot.root(), fresh);
        assertEquals(TestSnapshots.blocks(snapshot).size(), restored.blocksFetched());
        assertEquals(new HashSet<>(TestSnapshots.blocks(snapshot)), fresh.contents().keySet());
        for (Cid cid : TestSnapshots.blocks(snapshot)) assertArrayEquals(local.get(cid), fresh.get(cid), "block " + cid);
    }

    @Test
    void forEachBlockWalksTheSnapshotOnTheRemoteAlone() throws Exception {
        Snapshot snapshot = TestSnapshots.small(new MapBlockStore(), seed());
        bridge.push(snapshot);
        List<Cid> listed = TestSnapshots.walk(bridge, snapshot.root());
        assertEquals(snapshot.root(), listed.get(0));
        assertEquals(new HashSet<>(TestSnapshots.blocks(snapshot)), new HashSet<>(listed));
        assertEquals(TestSnapshots.blocks(snapshot).size(), listed.size());
    }

    @Test
    void stateOfAPushedSnapshotIsCompleteAndOfAnUnknownOneAbsent() throws Exception {
        Snapshot snapshot = TestSnapshots.small(new MapBlockStore(), seed());
        Snapshot other = TestSnapshots.small(new MapBlockStore(), seed());
        bridge.push(snapshot);
        SnapshotState state = bridge.state(snapshot.root());
        assertEquals(SnapshotState.Status.COMPLETE, state.status(), state.toString());
        if (countsBlocks()) assertEquals(TestSnapshots.blocks(snapshot).size(), state.blocksPresent());
        assertEquals(SnapshotState.Status.ABSENT, bridge.state(other.root()).status());
    }

    @Test
    void secondPushSendsNothing() throws Exception {
        Snapshot snapshot = TestSnapshots.small(new MapBlockStore(), seed());
        bridge.push(snapshot);
        PushReport again = bridge.push(snapshot);
        assertEquals(0, again.blocksSent(), again.toString());
        assertEquals(TestSnapshots.blocks(snapshot).size(), again.blocksSkipped());
    }

    @Test
    void interruptedPushResumesWhereItStopped() throws Exception {
        MapBlockStore local = new MapBlockStore();
        Snapshot snapshot = TestSnapshots.small(local, seed());
        int total = TestSnapshots.blocks(snapshot).size();
        // the disk fails half-way through the data blocks (the manifest and index pages still read)
        Snapshot flaky = new Snapshot(snapshot.root(), new CorruptingBlockStore(local, CorruptingBlockStore.Blocks.RAW, total / 2,
                CorruptingBlockStore.Fault.REPORT_CORRUPT), snapshot.layout());
        BridgeException e = assertThrows(BridgeException.class, () -> bridge.push(flaky));
        assertEquals(BridgeFailure.LOCAL, e.failure(), e.getMessage());
        assertFalse(e.retryable());
        assertFalse(bridge.state(snapshot.root()).complete());

        PushReport resumed = bridge.push(snapshot);
        assertTrue(resumed.blocksSkipped() > 0, "nothing of the interrupted push was kept: " + resumed);
        assertTrue(resumed.blocksSent() < total, resumed.toString());
        assertEquals(total, resumed.blocksSent() + resumed.blocksSkipped());
        assertTrue(bridge.state(snapshot.root()).complete());
        MapBlockStore fresh = new MapBlockStore();
        new BridgeRestore(4).restore(bridge, snapshot.root(), fresh);
        for (Cid cid : TestSnapshots.blocks(snapshot)) assertArrayEquals(local.get(cid), fresh.get(cid));
    }

    @Test
    void failedPushModifiesNothingLocal() throws Exception {
        MapBlockStore local = new MapBlockStore();
        Snapshot snapshot = TestSnapshots.small(local, seed());
        Map<Cid, byte[]> before = local.contents();
        List<Cid> blocks = TestSnapshots.blocks(snapshot);
        Cid missing = blocks.get(blocks.size() - 1);
        local.delete(missing);
        Map<Cid, byte[]> withHole = local.contents();
        BridgeException e = assertThrows(BridgeException.class, () -> bridge.push(snapshot));
        assertEquals(BridgeFailure.LOCAL, e.failure(), e.getMessage());
        assertEquals(withHole.keySet(), local.contents().keySet());
        for (var entry : withHole.entrySet()) assertArrayEquals(entry.getValue(), local.get(entry.getKey()));
        assertEquals(before.size() - 1, local.contents().size());
    }

    @Test
    void fetchOfAnUnknownBlockIsNotFound() throws Exception {
        byte[] data = new byte[100];
        new SplittableRandom(seed()).nextBytes(data);
        Cid unknown = Cid.ofRaw(data);
        BridgeException e = assertThrows(BridgeException.class, () -> bridge.fetch(unknown));
        assertEquals(BridgeFailure.NOT_FOUND, e.failure(), e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void fetchedBlocksAreTheBytesPushed() throws Exception {
        MapBlockStore local = new MapBlockStore();
        Snapshot snapshot = TestSnapshots.small(local, seed());
        bridge.push(snapshot);
        for (Cid cid : TestSnapshots.blocks(snapshot).subList(0, 5)) assertArrayEquals(local.get(cid), bridge.fetch(cid));
    }
}
