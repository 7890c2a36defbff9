package io.phoenix.protocol.testing;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.CorruptBlockException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The in-memory block store for tests and simulations in every module (protocol's test-jar). It
 * keeps the {@link BlockStore} contract like the pack store does ({@code MapBlockStoreTest} runs
 * the contract suite against it): put and every get verify the bytes against the CID, so a test
 * can damage a block with {@link #tamper} and see the same errors a disk would give (a peer that
 * serves corrupted data is a {@link io.phoenix.protocol.store.CorruptingBlockStore} over it). Once
 * closed, put and get fail; the other methods go on answering (they declare no exception, so that
 * tests can call them from lambdas).
 */
public final class MapBlockStore implements BlockStore {
    private final Map<Cid, byte[]> blocks = new ConcurrentHashMap<>();
    private volatile boolean closed;

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        open();
        if (!cid.verifies(data)) throw new IllegalArgumentException("data (" + data.length + " bytes) does not hash to " + cid);
        blocks.putIfAbsent(cid, data.clone());
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        open();
        byte[] b = blocks.get(cid);
        if (b == null) throw new BlockNotFoundException(cid);
        if (!cid.verifies(b)) throw new CorruptBlockException(cid, "in-memory copy (" + b.length + " bytes) does not hash to its CID");
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
    public void flush() {
    }

    @Override
    public void close() {
        closed = true;
    }

    public int count() {
        return blocks.size();
    }

    /** A copy of the contents, to compare before and after an operation. */
    public Map<Cid, byte[]> contents() {
        return Map.copyOf(blocks);
    }

    /**
     * Replaces the stored bytes of {@code cid} without any check, to simulate damaged storage; a
     * function returning null removes the block. Returns false when the block is absent.
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
