package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.DelegatingBlockStore;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** Reads fail with an I/O error after {@code okReads} successful ones (simulates an interrupted push). */
public final class FlakyBlockStore extends DelegatingBlockStore {
    private final AtomicInteger reads = new AtomicInteger();
    private final int okReads;

    public FlakyBlockStore(BlockStore inner, int okReads) {
        super(inner);
        this.okReads = okReads;
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        if (reads.incrementAndGet() > okReads) throw new IOException("simulated disk failure reading " + cid);
        return inner.get(cid);
    }
}
