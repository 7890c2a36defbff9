package io.phoenix.bridge.car;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.BridgeRestore;
import io.phoenix.bridge.CountingStore;
import io.phoenix.bridge.DagWalkLayout;
import io.phoenix.bridge.HeapMeter;
import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.RestoreReport;
import io.phoenix.bridge.SyntheticSnapshot;
import io.phoenix.protocol.spill.WorkDir;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.DelegatingBlockStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot of 300,000 blocks (a million with {@code -Dphoenix.memory.blocks=1000000}, as
 * docs/benchmarks.md reports) through the CAR bridge, the CAR import and a restore from the bridge,
 * with the heap counted at checkpoints while each runs (inside its reads and writes): it must stay
 * within {@link #LIMIT} of where it started, whatever the number of blocks. 300,000 36-byte keys in
 * one array, the most compact per-block structure there is, would add 10.3 MiB, more than the
 * limit: the first test shows the meter sees that much.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CarMemoryIT {
    static final int BLOCKS = Integer.getInteger("phoenix.memory.blocks", 300_000);
    /** What an operation may hold above its starting point: buffers, one index page, a few blocks. */
    static final long LIMIT = Long.getLong("phoenix.memory.limit", 8L << 20);
    static final int EVERY = BLOCKS / 5;

    @TempDir
    Path dir;

    /** The synthetic store, taking a heap checkpoint every {@link #EVERY} reads. */
    static BlockStore metered(BlockStore inner, HeapMeter meter) {
        AtomicLong reads = new AtomicLong();
        return new DelegatingBlockStore(inner) {
            @Override
            public byte[] get(Cid cid) throws IOException {
                if (reads.incrementAndGet() % EVERY == 0) meter.checkpoint();
                return super.get(cid);
            }
        };
    }

    static void assertBounded(HeapMeter meter, String what) {
        System.out.println(what + ": " + meter);
        assertTrue(meter.checkpoints() >= 4, what + ": too few checkpoints: " + meter);
        assertTrue(meter.aboveBaseline() < LIMIT, what + " held " + meter.aboveBaseline() / 1024 + " KiB above its start: " + meter);
    }

    @Test
    @Order(1)
    void meterSeesAKeyPerBlockInOneArray() {
        HeapMeter meter = new HeapMeter();
        byte[] keys = new byte[BLOCKS * 36];
        keys[keys.length - 1] = 1;
        meter.checkpoint();
        assertTrue(meter.aboveBaseline() > LIMIT, meter.toString());
        assertEquals(1, keys[keys.length - 1]);
    }

    @Test
    @Order(2)
    void pushImportAndRestoreHoldNothingPerBlock() throws Exception {
        long t0 = System.nanoTime();
        SyntheticSnapshot synthetic = new SyntheticSnapshot(dir.resolve("synthetic"), BLOCKS, 7);
        System.out.printf("synthetic %.1f s%n", (System.nanoTime() - t0) / 1e9);
        WorkDir work = new WorkDir(dir.resolve("tmp"));
        DagWalkLayout layout = new DagWalkLayout();
        try (CarBridge bridge = new CarBridge(dir.resolve("bridge"), layout, work)) {
            HeapMeter push = new HeapMeter();
            PushReport pushed = bridge.push(io.phoenix.bridge.Snapshot.of(synthetic.root(), metered(synthetic, push), layout));
            assertEquals(synthetic.blocks(), pushed.blocksTotal());
            assertEquals(synthetic.blocks(), pushed.blocksSent());
            assertBounded(push, "push");
            System.out.printf("push %.1f s%n", (System.nanoTime() - t0) / 1e9);

            HeapMeter imported = new HeapMeter();
            CountingStore importTarget = new CountingStore(n -> {
                if (n % EVERY == 0) imported.checkpoint();
            });
            CarImport.Result r = new CarImport(layout, work).importFile(bridge.fileOf(synthetic.root()), importTarget);
            assertEquals(synthetic.blocks(), r.blocksStored());
            assertEquals(synthetic.blocks(), importTarget.blocks());
            assertBounded(imported, "import");
            System.out.printf("import %.1f s%n", (System.nanoTime() - t0) / 1e9);

            HeapMeter restored = new HeapMeter();
            CountingStore restoreTarget = new CountingStore(n -> {
                if (n % EVERY == 0) restored.checkpoint();
            });
            RestoreReport back = new BridgeRestore(8).restore(bridge, synthetic.root(), restoreTarget);
            assertEquals(synthetic.blocks(), back.blocksFetched());
            assertEquals(synthetic.blocks(), restoreTarget.blocks());
            assertBounded(restored, "restore");
            System.out.printf("restore %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
    }
}
