package io.phoenix.node.daemon;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.DelegatingBlockStore;
import java.io.IOException;

/**
 * TEST HOOK for the testnet {@code bad-peer} scenario ({@code testing_serve_corrupt_blocks} in
 * daemon.toml): a store whose reads of raw (data) blocks return the bytes with one bit flipped, so
 * the node serves corrupted blocks to its peers. Never enabled by default.
 */
final class CorruptingBlockStore extends DelegatingBlockStore {
    CorruptingBlockStore(BlockStore inner) {
        super(inner);
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        byte[] b = inner.get(cid);
        if (cid.codec() == Cid.RAW && b.length > 0) b[b.length / 2] ^= 0x01;
        return b;
    }
}
