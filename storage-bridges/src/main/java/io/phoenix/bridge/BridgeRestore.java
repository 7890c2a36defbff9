package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Brings a snapshot back from a bridge alone into a block store: lists its blocks from the remote,
 * fetches every block the store lacks ({@code parallelism} at a time), each verified against its
 * CID by the bridge and again by the store's {@code put}, then flushes the store. Blocks are
 * content-addressed, so an interrupted restore leaves only valid blocks behind and a second run
 * continues where it stopped; the caller makes the snapshot available only after this returns.
 */
public final class BridgeRestore {
    private final int parallelism;

    public BridgeRestore(int parallelism) {
        this.parallelism = parallelism;
    }

    public RestoreReport restore(Bridge bridge, Cid root, BlockStore target) throws BridgeException {
        long start = System.nanoTime();
        List<Cid> blocks = bridge.blocksOf(root);
        AtomicLong fetched = new AtomicLong();
        AtomicLong local = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Parallel.forEach(blocks, parallelism, cid -> {
            try {
                if (target.has(cid)) {
                    local.incrementAndGet();
                    return;
                }
                byte[] data = bridge.fetch(cid);
                target.put(cid, data);
                fetched.incrementAndGet();
                bytes.addAndGet(data.length);
            } catch (BridgeException e) {
                throw e;
            } catch (IOException e) {
                throw new BridgeException(BridgeFailure.LOCAL, "cannot store restored block " + cid + ": " + e.getMessage(), cid, e);
            }
        });
        try {
            target.flush();
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.LOCAL, "cannot flush the restored blocks: " + e.getMessage(), e);
        }
        return new RestoreReport(bridge.name(), root, blocks.size(), fetched.get(), local.get(), bytes.get(),
                Duration.ofNanos(System.nanoTime() - start));
    }
}
