package io.phoenix.bridge.arweave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.DagWalkLayout;
import io.phoenix.bridge.HeapMeter;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SyntheticSnapshot;
import io.phoenix.protocol.spill.WorkDir;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.DelegatingBlockStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Arweave push's plan (walk, pack, index written to a file), the index read back pack by pack
 * as the upload step does, its data_root computed from the file, and the index loaded for a
 * restore and looked up: 600,000 blocks (a million with {@code -Dphoenix.memory.blocks}), the heap counted at checkpoints inside each step (see
 * {@code CarMemoryIT} for the meter and its limit). Only the HTTP calls are left out; the
 * ArweaveBridgeIT runs the same code against arlocal.
 */
class ArweaveMemoryIT {
    static final int BLOCKS = Integer.getInteger("phoenix.memory.blocks", 600_000);
    static final long LIMIT = Long.getLong("phoenix.memory.limit", 16L << 20);
    static final int EVERY = BLOCKS / 5;

    @TempDir
    Path dir;

    @Test
    void planIndexAndLookupHoldNothingPerBlock() throws Exception {
        SyntheticSnapshot synthetic = new SyntheticSnapshot(dir.resolve("synthetic"), BLOCKS, 11);
        HeapMeter meter = new HeapMeter();
        AtomicLong reads = new AtomicLong();
        BlockStore metered = new DelegatingBlockStore(synthetic) {
            @Override
            public long size(Cid cid) throws IOException {
                if (reads.incrementAndGet() % EVERY == 0) meter.checkpoint();
                return super.size(cid);
            }
        };
        Snapshot snapshot = Snapshot.of(synthetic.root(), metered, new DagWalkLayout());
        Path body = dir.resolve("body");
        long[] plan = ArweavePush.plan(snapshot, 8 << 20, body, pack -> {});
        assertEquals(synthetic.blocks(), plan[0]);
        assertTrue(plan[1] > BLOCKS / ArweavePacker.MAX_BLOCKS, plan[1] + " packs"); // 32-byte blocks: packs close at MAX_BLOCKS

        // the upload step: read back pack by pack, fill in each transaction id
        byte[] head = ArweaveIndex.head(synthetic.root(), plan[1]);
        ArweaveData index = ArweaveData.of(head, body);
        long[] packs = {0};
        try (FileChannel f = FileChannel.open(body, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ArweavePush.readPacks(index, head.length, job -> {
                byte[] txid = new byte[32];
                ByteBuffer.wrap(txid).putLong(++packs[0]);
                try {
                    f.write(ByteBuffer.wrap(txid), job.bodyOffset());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                if (packs[0] % 5 == 0) meter.checkpoint();
            });
        }
        assertEquals(plan[1], packs[0]);
        assertNotNull(ArweaveMerkle.of(index).dataRoot());
        meter.checkpoint();

        // the restore side: the index loaded from disk, every 97th block located
        try (ArweaveIndexFile loaded = ArweaveIndexFile.open("index-tx", index, new WorkDir(dir.resolve("tmp")).scratch())) {
            assertEquals(synthetic.blocks(), loaded.blocks());
            assertEquals(synthetic.root(), loaded.root());
            for (long k = 0; k < synthetic.dataBlocks(); k += 97) {
                ArweaveIndexFile.Location at = loaded.locate(synthetic.cidAt(k));
                assertNotNull(at, "block " + k);
                assertEquals(SyntheticSnapshot.BLOCK_BYTES, at.length());
                if (k % (97 * 2_000) == 0) meter.checkpoint();
            }
            assertEquals(null, loaded.locate(Cid.ofRaw(new byte[] {1})));
        }
        System.out.println("arweave plan, index, lookups: " + meter + "; index " + Files.size(body) / 1024 + " KiB");
        assertTrue(meter.aboveBaseline() < LIMIT, meter.toString());
    }
}
