package io.phoenix.node.store.pack;

import io.phoenix.node.store.TestBlocks;
import io.phoenix.protocol.multiformats.Cid;
import java.nio.file.Path;

/**
 * Child process for {@link PackKilledWriterTest}: opens a pack store, puts {@code flushed} blocks
 * and flushes, then puts {@code pending} more without flushing, prints "ready" and waits for the
 * parent to SIGKILL it. Arguments: DIR FLUSHED PENDING.
 */
public final class StoreWriterProcess {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int flushed = Integer.parseInt(args[1]);
        int pending = Integer.parseInt(args[2]);
        PackBlockStore store = PackBlockStore.open(dir, PackStoreOptions.DEFAULTS.withMaxPendingBlocks(1_000_000).withMaxPendingBytes(Long.MAX_VALUE));
        for (int i = 0; i < flushed + pending; i++) {
            byte[] data = TestBlocks.random(64 * 1024, i);
            store.put(Cid.ofRaw(data), data);
            if (i == flushed - 1) store.flush();
        }
        System.out.println("ready");
        System.out.flush();
        System.in.read(); // the parent kills us while we wait here
        System.exit(3);
    }
}
