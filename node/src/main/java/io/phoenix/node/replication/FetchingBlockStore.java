package io.phoenix.node.replication;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.DelegatingBlockStore;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.swarm.exchange.BlockExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A store whose {@link #get} fetches a missing block from the swarm first (as a loose block through
 * the {@link BlockExchange}, verified by CID and stored), giving up after {@link #TIMEOUT}. Used to
 * walk a snapshot's trees before its data blocks are fetched, so that they can be fetched layer by layer.
 */
final class FetchingBlockStore extends DelegatingBlockStore {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final BlockExchange exchange;
    private final Supplier<Set<PeerId>> peers;
    private final Scheduler scheduler;

    FetchingBlockStore(BlockStore inner, BlockExchange exchange, Supplier<Set<PeerId>> peers, Scheduler scheduler) {
        super(inner);
        this.exchange = exchange;
        this.peers = peers;
        this.scheduler = scheduler;
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        if (!inner.has(cid)) {
            CompletableFuture<?> f = exchange.fetchBlocks(List.of(cid), peers.get());
            try {
                scheduler.await(f, TIMEOUT);
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching " + cid, e);
            } catch (TimeoutException e) {
                f.cancel(true);
                throw new IOException("no peer delivered " + cid + " within " + TIMEOUT.toSeconds() + " s", e);
            } catch (ExecutionException e) {
                throw new IOException("could not fetch " + cid + " from the swarm: " + e.getCause().getMessage(), e.getCause());
            }
        }
        return inner.get(cid);
    }
}
