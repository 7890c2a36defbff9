package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Brings a snapshot back from a bridge alone into a block store: walks its blocks on the remote,
 * fetches every block the store lacks ({@code parallelism} at a time), each verified against its
 * CID by the bridge and again by the store's {@code put}, then flushes the store. The walk hands
 * the blocks over one at a time and waits while {@code parallelism} fetches run, so memory holds
 * at most that many blocks whatever the size of the snapshot. Blocks are content-addressed, so an
 * interrupted restore leaves only valid blocks behind and a second run continues where it stopped;
 * the caller makes the snapshot available only after this returns.
 */
public final class BridgeRestore {
    private final int parallelism;

    public BridgeRestore(int parallelism) {
        this.parallelism = parallelism;
    }

    public RestoreReport restore(Bridge bridge, Cid root, BlockStore target) throws BridgeException {
        long start = System.nanoTime();
        AtomicLong total = new AtomicLong();
        AtomicLong fetched = new AtomicLong();
        AtomicLong local = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Parallel.<Cid>forEach(sink -> bridge.forEachBlock(root, cid -> {
            total.incrementAndGet();
            sink.accept(cid);
        }), parallelism, cid -> {
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
        return new RestoreReport(bridge.name(), root, total.get(), fetched.get(), local.get(), bytes.get(),
                Duration.ofNanos(System.nanoTime() - start));
    }
}
