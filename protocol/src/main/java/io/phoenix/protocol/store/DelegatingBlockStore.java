package io.phoenix.protocol.store;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Base of block-store decorators: forwards every call to the wrapped store, so a decorator
 * overrides only the behaviour it adds. The buffer variants ({@code putHashed(cid, data, off, len)},
 * {@code get(cid, buf)}) are deliberately not forwarded: their defaults go through this
 * decorator's {@link #putHashed(Cid, byte[])} and {@link #get(Cid)}, so what a decorator adds there
 * applies to them too.
 */
public abstract class DelegatingBlockStore implements BlockStore {
    protected final BlockStore inner;

    protected DelegatingBlockStore(BlockStore inner) {
        this.inner = inner;
    }

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        inner.put(cid, data);
    }

    @Override
    public void putHashed(Cid cid, byte[] data) throws IOException {
        inner.putHashed(cid, data);
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        return inner.get(cid);
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
