package io.phoenix.protocol.testing;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.BlockStoreContract;
import java.util.Arrays;

/** The in-memory store keeps the contract every store keeps. */
class MapBlockStoreTest extends BlockStoreContract {
    @Override
    protected BlockStore newStore() {
        return new MapBlockStore();
    }

    @Override
    protected void damage(BlockStore store, Cid cid, Damage damage) {
        boolean present = ((MapBlockStore) store).tamper(cid, bytes -> switch (damage) {
            case TRUNCATE -> Arrays.copyOf(bytes, bytes.length / 2);
            case FLIP_BYTE -> {
                bytes[bytes.length / 3] ^= 0x40;
                yield bytes;
            }
            case REMOVE -> null;
        });
        if (!present) throw new AssertionError("block to damage is absent: " + cid);
    }
}
