package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.BlockStore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A restore or import target that keeps nothing: every put is verified against its CID and
 * counted, then dropped ({@code has} is always false). {@code onPut} sees the running count, for
 * heap checkpoints.
 */
public final class CountingStore implements BlockStore {
    private final AtomicLong blocks = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final LongConsumer onPut;

    public CountingStore(LongConsumer onPut) {
        this.onPut = onPut;
    }

    public long blocks() {
        return blocks.get();
    }

    public long bytes() {
        return bytes.get();
    }

    @Override
    public void put(Cid cid, byte[] data) {
        if (!cid.verifies(data)) throw new IllegalArgumentException("block does not hash to " + cid);
        bytes.addAndGet(data.length);
        onPut.accept(blocks.incrementAndGet());
    }

    @Override
    public byte[] get(Cid cid) throws BlockNotFoundException {
        throw new BlockNotFoundException(cid);
    }

    @Override
    public boolean has(Cid cid) {
        return false;
    }

    @Override
    public long size(Cid cid) {
        return -1;
    }

    @Override
    public void delete(Cid cid) {}

    @Override
    public void forEach(Consumer<Cid> visitor) {}

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
