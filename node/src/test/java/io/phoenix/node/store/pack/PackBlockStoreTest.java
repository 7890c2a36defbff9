package io.phoenix.node.store.pack;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.BlockStoreContract;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the pack store, with small packs and frequent flushes so that rolls and index merges happen. */
class PackBlockStoreTest extends BlockStoreContract {
    @TempDir
    Path dir;

    @Override
    protected BlockStore newStore() throws Exception {
        return PackBlockStore.open(dir.resolve("store"), PackStoreOptions.DEFAULTS.withMaxPendingBlocks(64).withMaxPackBytes(1 << 20));
    }

    @Override
    protected void damage(BlockStore store, Cid cid, Damage damage) throws Exception {
        PackBlockStore.Position at = ((PackBlockStore) store).position(cid);
        if (at == null) throw new AssertionError("block to damage is absent: " + cid);
        switch (damage) {
            case TRUNCATE -> {
                // a torn write: the block's tail never reached the disk (truncating the pack itself
                // would take later blocks too; PackBlockStoreBehaviourTest covers that)
                try (RandomAccessFile f = new RandomAccessFile(at.pack().toFile(), "rw")) {
                    f.seek(at.offset() + at.length() / 2);
                    f.write(new byte[at.length() - at.length() / 2]);
                }
            }
            case FLIP_BYTE -> {
                try (RandomAccessFile f = new RandomAccessFile(at.pack().toFile(), "rw")) {
                    long pos = at.offset() + at.length() / 3;
                    f.seek(pos);
                    int b = f.read();
                    f.seek(pos);
                    f.write(b ^ 0x40);
                }
            }
            case REMOVE -> Files.delete(at.pack());
        }
    }
}
