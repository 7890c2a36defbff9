package io.phoenix.node.store.memory;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.CorruptBlockException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A block store in heap, for tests and simulations. Verifies on put and on every get like the
 * file store, so a test can damage a block with {@link #tamper} and see the same errors.
 */
public final class MemoryBlockStore implements BlockStore {
    private final ConcurrentMap<Cid, byte[]> blocks = new ConcurrentHashMap<>();
    private volatile boolean closed;

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        open();
        if (!cid.verifies(data)) {
            throw new IllegalArgumentException("data (" + data.length + " bytes) does not hash to " + cid);
        }
        blocks.putIfAbsent(cid, data.clone());
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        open();
        byte[] data = blocks.get(cid);
        if (data == null) throw new BlockNotFoundException(cid);
        if (!cid.verifies(data)) {
            throw new CorruptBlockException(cid, "in-memory copy (" + data.length + " bytes) does not hash to its CID");
        }
        return data.clone();
    }

    @Override
    public boolean has(Cid cid) throws IOException {
        open();
        return blocks.containsKey(cid);
    }

    @Override
    public long size(Cid cid) throws IOException {
        open();
        byte[] data = blocks.get(cid);
        return data == null ? -1 : data.length;
    }

    @Override
    public void delete(Cid cid) throws IOException {
        open();
        blocks.remove(cid);
    }

    @Override
    public void forEach(Consumer<Cid> visitor) throws IOException {
        open();
        for (Cid cid : List.copyOf(blocks.keySet())) visitor.accept(cid);
    }

    @Override
    public void flush() throws IOException {
        open();
    }

    @Override
    public void close() {
        closed = true;
    }

    /**
     * Replaces the stored bytes of {@code cid} without any check, to simulate damaged storage in
     * tests; a function returning null removes the block. Returns false when the block is absent.
     */
    public boolean tamper(Cid cid, UnaryOperator<byte[]> damage) {
        if (!blocks.containsKey(cid)) return false;
        blocks.computeIfPresent(cid, (k, v) -> damage.apply(v.clone()));
        return true;
    }

    private void open() throws IOException {
        if (closed) throw new IOException("block store is closed");
    }
}
