package io.phoenix.node.daemon;

import io.phoenix.swarm.exchange.BlockExchange;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.DelegatingBlockStore;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A store whose {@link #get} fetches a missing block from the swarm first (as a loose block through
 * the {@link BlockExchange}, verified by CID and stored). Used to walk a snapshot's trees before its
 * data blocks are fetched, so that they can be fetched layer by layer.
 */
final class FetchingBlockStore extends DelegatingBlockStore {
    private final BlockExchange exchange;
    private final Supplier<Set<PeerId>> peers;

    FetchingBlockStore(BlockStore inner, BlockExchange exchange, Supplier<Set<PeerId>> peers) {
        super(inner);
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
}
