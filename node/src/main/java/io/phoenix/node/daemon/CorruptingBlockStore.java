package io.phoenix.node.daemon;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * TEST HOOK for the testnet {@code bad-peer} scenario ({@code testing_serve_corrupt_blocks} in
 * daemon.toml): a store whose reads of raw (data) blocks return the bytes with one bit flipped, so
 * the node serves corrupted blocks to its peers. Never enabled by default.
 */
final class CorruptingBlockStore implements BlockStore {
    private final BlockStore inner;

    CorruptingBlockStore(BlockStore inner) {
        this.inner = inner;
    }

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        inner.put(cid, data);
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        byte[] b = inner.get(cid);
        if (cid.codec() == Cid.RAW && b.length > 0) b[b.length / 2] ^= 0x01;
        return b;
    }

    @Override
    public boolean has(Cid cid) throws IOException {
        return inner.has(cid);
    }

    @Override
    public long size(Cid cid) throws IOException {
        return inner.size(cid);
    }

    @Override
    public void delete(Cid cid) throws IOException {
        inner.delete(cid);
    }

    @Override
    public void forEach(Consumer<Cid> visitor) throws IOException {
        inner.forEach(visitor);
    }

    @Override
    public void flush() throws IOException {
        inner.flush();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
