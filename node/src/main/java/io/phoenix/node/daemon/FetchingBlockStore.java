package io.phoenix.node.daemon;

import io.phoenix.protocol.exchange.BlockExchange;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A store whose {@link #get} fetches a missing block from the swarm first (as a loose block through
 * the {@link BlockExchange}, verified by CID and stored). Used to walk a snapshot's trees before its
 * data blocks are fetched, so that they can be fetched layer by layer.
 */
final class FetchingBlockStore implements BlockStore {
    private final BlockStore inner;
    private final BlockExchange exchange;
    private final Supplier<Set<PeerId>> peers;

    FetchingBlockStore(BlockStore inner, BlockExchange exchange, Supplier<Set<PeerId>> peers) {
        this.inner = inner;
        this.exchange = exchange;
        this.peers = peers;
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        if (!inner.has(cid)) {
            try {
                exchange.fetchBlocks(List.of(cid), peers.get()).get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching " + cid, e);
            } catch (Exception e) {
                throw new IOException("could not fetch " + cid + " from the swarm: " + e, e);
            }
        }
        return inner.get(cid);
    }

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        inner.put(cid, data);
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
