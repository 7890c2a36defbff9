package io.phoenix.protocol.testing;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.CorruptBlockException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A heap block store for protocol tests (the node module has the real ones). With
 * {@code corruptOnRead} it hands out blocks with one flipped bit, playing a peer that serves
 * corrupted data.
 */
public final class MapBlockStore implements BlockStore {
    private final Map<Cid, byte[]> blocks = new ConcurrentHashMap<>();
    private final boolean corruptOnRead;

    public MapBlockStore() {
        this(false);
    }

    public MapBlockStore(boolean corruptOnRead) {
        this.corruptOnRead = corruptOnRead;
    }

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        if (!cid.verifies(data)) throw new CorruptBlockException(cid, "data does not hash to the CID");
        blocks.putIfAbsent(cid, data.clone());
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        byte[] b = blocks.get(cid);
        if (b == null) throw new BlockNotFoundException(cid);
        b = b.clone();
        if (corruptOnRead && b.length > 0) b[b.length / 2] ^= 1;
        return b;
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

    public int count() {
        return blocks.size();
    }

    /** A copy of the contents, to compare before and after an operation. */
    public Map<Cid, byte[]> contents() {
        return Map.copyOf(blocks);
    }
}
