package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** Reads fail with an I/O error after {@code okReads} successful ones (simulates an interrupted push). */
public final class FlakyBlockStore extends MemoryBlockStore {
    private final MemoryBlockStore inner;
    private final AtomicInteger reads = new AtomicInteger();
    private final int okReads;

    public FlakyBlockStore(MemoryBlockStore inner, int okReads) {
        this.inner = inner;
        this.okReads = okReads;
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        if (reads.incrementAndGet() > okReads) throw new IOException("simulated disk failure reading " + cid);
        return inner.get(cid);
    }

    @Override
    public boolean has(Cid cid) {
        return inner.has(cid);
    }

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        inner.put(cid, data);
    }

    @Override
    public long size(Cid cid) {
        return inner.size(cid);
    }

    @Override
    public void delete(Cid cid) {
        inner.delete(cid);
    }

    @Override
    public void forEach(java.util.function.Consumer<Cid> visitor) {
        inner.forEach(visitor);
    }

    @Override
    public java.util.Map<Cid, byte[]> contents() {
        return inner.contents();
    }
}
