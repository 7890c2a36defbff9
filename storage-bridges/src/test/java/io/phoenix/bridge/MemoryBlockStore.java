package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** An in-memory block store that verifies on put and get (test fixture). */
public class MemoryBlockStore implements BlockStore {
    private final Map<Cid, byte[]> blocks = new ConcurrentHashMap<>();

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        if (!cid.verifies(data)) throw new IllegalArgumentException("data does not hash to " + cid);
        blocks.putIfAbsent(cid, data.clone());
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        byte[] b = blocks.get(cid);
        if (b == null) throw new BlockNotFoundException(cid);
        return b.clone();
    }

    @Override
    public boolean has(Cid cid) {
        return blocks.containsKey(cid);
    }

    @Override
    public long size(Cid cid) {
        byte[] b = blocks.get(cid);
        return b == null ? -1 : b.length;
    }

    @Override
    public void delete(Cid cid) {
        blocks.remove(cid);
    }

    @Override
    public void forEach(Consumer<Cid> visitor) {
        blocks.keySet().forEach(visitor);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    /** A copy of the contents, to compare before and after an operation. */
    public Map<Cid, byte[]> contents() {
        return Map.copyOf(blocks);
    }
}
