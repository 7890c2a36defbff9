package io.phoenix.node.store.file;

import io.phoenix.protocol.multiformats.Cid;
import java.nio.file.Path;

/**
 * Child process for the killed-writer tests: opens a {@code files} (FileBlockStore) or {@code packs}
 * (PackBlockStore) store, puts {@code flushed} blocks and flushes, then puts {@code pending} more
 * without flushing, prints "ready" and waits for the parent to SIGKILL it.
 */
public final class StoreWriterProcess {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        int flushed = Integer.parseInt(args[2]);
        int pending = Integer.parseInt(args[3]);
        io.phoenix.protocol.store.BlockStore store = args[0].equals("packs")
                ? io.phoenix.node.store.pack.PackBlockStore.open(dir, io.phoenix.node.store.pack.PackStoreOptions.DEFAULTS.withMaxPendingBlocks(1_000_000).withMaxPendingBytes(Long.MAX_VALUE))
                : FileBlockStore.open(dir, FileStoreOptions.DEFAULTS.withMaxPendingBlocks(1_000_000));
        for (int i = 0; i < flushed + pending; i++) {
            byte[] data = io.phoenix.node.store.TestBlocks.random(64 * 1024, i);
            store.put(Cid.ofRaw(data), data);
            if (i == flushed - 1) store.flush();
        }
        System.out.println("ready");
        System.out.flush();
        System.in.read(); // the parent kills us while we wait here
        System.exit(3);
    }
}
