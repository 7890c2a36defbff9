package io.phoenix.swarm.exchange;

import io.phoenix.protocol.exchange.Wanted;
import io.phoenix.protocol.exchange.ExchangeLimits;
import io.phoenix.protocol.exchange.ExchangeOptions;
import io.phoenix.protocol.exchange.FetchResult;
import io.phoenix.protocol.exchange.FetchScheduler;
import io.phoenix.protocol.exchange.LocalHoldings;
import io.phoenix.protocol.exchange.PositionSet;
import io.phoenix.protocol.exchange.SnapshotIndex;
import io.phoenix.protocol.exchange.SnapshotWants;
import io.phoenix.protocol.exchange.TokenBucket;
import io.phoenix.protocol.exchange.UploadCounts;
import io.phoenix.protocol.exchange.WantSource;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.ConnectionListener;
import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.swarm.SwarmGate;
import io.phoenix.protocol.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The block exchange service of one node, {@code /phoenix/blocks/1.0.0} over any {@link Host}:
 * serves blocks from a {@link BlockStore} to swarm peers and fetches snapshots into it from every
 * peer that holds their blocks (swarming: what is being fetched is advertised and served at once).
 *
 * <p>Usage: {@link #start()}, then {@link #register} the snapshots this node holds complete and
 * {@link #fetch} the ones it needs (a fetch advertises what it holds of its snapshot while it runs).
 * Peers that send bad blocks are disconnected and not used again for {@link #BAN_DURATION}.
 *
 * <p>Memory does not grow with snapshots or blocks: a snapshot held complete is one entry in
 * {@link LocalHoldings}; a fetch keeps a window of wanted blocks ({@link FetchScheduler}) and
 * position sets from {@link #positions} (memory-mapped files in the work directory, when given).
 */
public final class BlockExchange implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BlockExchange.class.getName());
    /** How long a peer that sent a bad block is left out of fetches. */
    public static final Duration BAN_DURATION = Duration.ofHours(1);

    final Host host;
    final BlockStore store;
    final SwarmGate gate;
    final ExchangeOptions options;
    final Scheduler scheduler;
    final Random random;
    final LocalHoldings holdings = new LocalHoldings();
    final UploadCounts uploads = new UploadCounts(1 << 16);
    final Uploader uploader;
    /** The node's download limit, shared by its fetches (null = none); lock it to use it. */
    final TokenBucket downloadBucket;
    private final Map<PeerId, Long> bannedUntil = new ConcurrentHashMap<>();
    private final Set<FetchSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong uploadedBytes = new AtomicLong();
    private final AtomicLong uploadedBlocks = new AtomicLong();
    private final PositionSet.Factory positions;
    private volatile boolean closed;

    /**
     * @param scheduler time, threads and waits (a {@code SystemScheduler} in the daemon, a
     *     {@code VirtualScheduler} in simulations)
     * @param random seeds the fetch schedulers (tie-breaks between equally rare blocks)
     */
    public BlockExchange(Host host, BlockStore store, SwarmGate gate, ExchangeOptions options, Scheduler scheduler, Random random) {
        this(host, store, gate, options, scheduler, random, PositionSet.inHeap());
    }

    /**
     * @param positions makes the position sets of fetches (what this node and each partial peer
     *     hold of a snapshot being fetched); the daemon's keeps large ones in memory-mapped files
     */
    public BlockExchange(Host host, BlockStore store, SwarmGate gate, ExchangeOptions options, Scheduler scheduler, Random random,
                         PositionSet.Factory positions) {
        this.positions = positions;
        this.host = host;
        this.store = store;
        this.gate = gate;
        this.options = options;
        this.scheduler = scheduler;
        this.random = random;
        this.uploader = new Uploader(options, uploads, scheduler);
        this.downloadBucket = options.downloadBytesPerSecond() > 0
                ? new TokenBucket(options.downloadBytesPerSecond(), options.burstBytes(), scheduler.nanoTime()) : null;
    }

    public void start() {
        uploader.start();
        host.setHandler(ExchangeLimits.PROTOCOL_ID, this::serve);
        host.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(PeerId peer, Multiaddr remoteAddress, boolean inbound) {
                if (isBanned(peer)) return;
                for (FetchSession s : sessions) s.open(peer);
            }

            @Override
            public void disconnected(PeerId peer) {
                uploader.peerDisconnected(peer);
            }
        });
    }

    /** What this node holds of each registered snapshot (also what it advertises). */
    public LocalHoldings holdings() {
        return holdings;
    }

    /** Registers a snapshot held complete ({@code total} index entries): advertised and served; O(1) whatever its size. */
    public void register(Cid manifest, long total) {
        holdings.registerComplete(manifest, total);
    }

    /**
     * Fetches every block {@code wanted} yields (pulled a window at a time, in its order; blocks the
     * store holds are skipped and advertised as held) from every swarm peer holding them, and
     * advertises what is held of {@code index} meanwhile. Completes when the source is exhausted and
     * every block is stored and flushed; never with partial data (it keeps waiting for holders:
     * cancel the future to give up). The caller keeps {@code index} open until the future is done
     * and closes {@code wanted}'s resources itself.
     */
    public CompletableFuture<FetchResult> fetch(Cid manifest, SnapshotIndex index, WantSource wanted) {
        PositionSet held = positions.create(index.total());
        if (!holdings.registerPartial(manifest, index, held)) {
            return CompletableFuture.completedFuture(new FetchResult(manifest, 0, 0, 0, 0, Set.of()));
        }
        return startSession(new FetchSession(this, manifest, Set.of(), index, wanted, held));
    }

    /**
     * Fetches loose blocks (a manifest, index pages) that are not part of a registered index,
     * asking {@code likelyHolders} (e.g. peers whose heads named the manifest), or every
     * connected peer when empty. Same completion rules as {@link #fetch}.
     */
    public CompletableFuture<FetchResult> fetchBlocks(List<Cid> cids, Collection<PeerId> likelyHolders) {
        List<Wanted> wanted = new ArrayList<>(cids.size());
        for (int i = 0; i < cids.size(); i++) wanted.add(new Wanted(cids.get(i), i, 0, 0));
        return startSession(new FetchSession(this, null, Set.copyOf(likelyHolders), SnapshotIndex.of(cids), SnapshotWants.of(wanted), null));
    }

    /** A position set of {@code size} from this exchange's factory. */
    PositionSet positions(long size) {
        return positions.create(size);
    }

    private CompletableFuture<FetchResult> startSession(FetchSession s) {
        if (closed) throw new IllegalStateException("block exchange is closed");
        sessions.add(s);
        s.start();
        return s.result;
    }

    public long uploadedBytes() {
        return uploadedBytes.get();
    }

    public long uploadedBlocks() {
        return uploadedBlocks.get();
    }

    public boolean isBanned(PeerId peer) {
        Long until = bannedUntil.get(peer);
        return until != null && until - nowMillis() > 0;
    }

    @Override
    public void close() {
        closed = true;
        host.removeHandler(ExchangeLimits.PROTOCOL_ID);
        uploader.close();
        for (FetchSession s : List.copyOf(sessions)) s.fail(new IllegalStateException("block exchange closed"));
    }

    long nowMillis() {
        return scheduler.nanoTime() / 1_000_000;
    }

    void sessionEnded(FetchSession s) {
        sessions.remove(s);
    }

    void penalise(PeerId peer, String reason) {
        bannedUntil.put(peer, nowMillis() + BAN_DURATION.toMillis());
        LOG.log(System.Logger.Level.WARNING, "exchange: peer " + peer + " banned for " + BAN_DURATION + ": " + reason);
        host.disconnect(peer);
    }

    void countUpload(int blocks, long bytes) {
        uploadedBlocks.addAndGet(blocks);
        uploadedBytes.addAndGet(bytes);
    }

    long nanos() {
        return scheduler.nanoTime();
    }

    private void serve(Stream stream) throws Exception {
        if (isBanned(stream.remotePeer())) {
            stream.reset();
            return;
        }
        new ServerSession(this, stream).run();
    }
}
