package io.phoenix.node.snapshot;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.DataKeys;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The chunker and block saver stages wired to a fixture's store, for stage-level tests. */
final class BlockSaverHarness implements AutoCloseable {
    final ChunkerStage chunker;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    BlockSaverHarness(RepositoryFixture f, SnapshotStats stats, Warnings warnings) {
        BlockCodec codec = new BlockCodec(DataKeys.derive(new byte[32]));
        MacIndex macs = new MacIndex(1000);
        BlockSaver saver = new BlockSaver(codec, f.store, pool, macs, new ReferencedBlocks(f.home.resolve("sort"), 1 << 16), stats);
        this.chunker = new ChunkerStage(saver, macs, warnings, stats, pool, 8 << 20);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
