package io.phoenix.node.store.file;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.BlockStoreContract;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the file store in its default, batched-fsync mode. */
class FileBlockStoreTest extends BlockStoreContract {
    @TempDir
    Path dir;

    protected FileStoreOptions options() {
        return FileStoreOptions.DEFAULTS.withMaxPendingBlocks(64);
    }

    @Override
    protected BlockStore newStore() throws Exception {
        return FileBlockStore.open(dir.resolve("store"), options());
    }

    @Override
    protected void damage(BlockStore store, Cid cid, Damage damage) throws Exception {
        Path file = ((FileBlockStore) store).fileOf(cid);
        if (!Files.exists(file)) throw new AssertionError("block file to damage is absent: " + file);
        switch (damage) {
            case TRUNCATE -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(f.length() / 2);
                }
            }
            case FLIP_BYTE -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    long at = f.length() / 3;
                    f.seek(at);
                    int b = f.read();
                    f.seek(at);
                    f.write(b ^ 0x40);
                }
            }
            case REMOVE -> Files.delete(file);
        }
    }
}
