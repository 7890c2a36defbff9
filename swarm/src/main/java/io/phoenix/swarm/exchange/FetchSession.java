package io.phoenix.swarm.exchange;

import io.phoenix.protocol.exchange.Wanted;
import io.phoenix.protocol.exchange.Arrival;
import io.phoenix.protocol.exchange.ExchangeCodec;
import io.phoenix.protocol.exchange.ExchangeLimits;
import io.phoenix.protocol.exchange.FetchAction;
import io.phoenix.protocol.exchange.FetchResult;
import io.phoenix.protocol.exchange.FetchScheduler;
import io.phoenix.protocol.exchange.Frames;
import io.phoenix.protocol.exchange.PositionSet;
import io.phoenix.protocol.exchange.ProtocolViolationException;
import io.phoenix.protocol.exchange.SnapshotIndex;
import io.phoenix.protocol.exchange.WantSource;
import io.phoenix.protocol.exchange.pb.Block;
import io.phoenix.protocol.exchange.pb.ExchangeFrame;
import io.phoenix.protocol.exchange.pb.Holdings;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.swarm.GateDecision;
import io.phoenix.protocol.swarm.SwarmId;
import io.phoenix.protocol.time.Monitor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One fetch of one snapshot's blocks: a client stream to every connected swarm peer, a reader
 * thread per stream feeding the {@link FetchScheduler}, and a driver thread performing its
 * actions and pulling wanted blocks from the {@link WantSource} as the scheduler's window has room
 * (blocks the store holds are marked held instead). Verified blocks go to the store and into
 * {@link LocalHoldings} at once, by position, so this node serves them to others while still
 * fetching. Peers' holdings are positions too: a complete peer is a flag, a partial one a
 * {@link io.phoenix.protocol.exchange.PositionSet} from the exchange's factory.
 */
final class FetchSession {
    private static final System.Logger LOG = System.getLogger(BlockExchange.class.getName());

    private final BlockExchange exchange;
    private final Cid manifest;
    private final Set<PeerId> likelyHolders;
    private final SnapshotIndex index;
    private final WantSource wants;
    /** What this node holds of {@link #manifest}, registered in {@link LocalHoldings} (null for loose blocks). */
    private final PositionSet held;
    private final FetchScheduler engine;
    /** Guards the engine and every mutable field below; the driver waits on it. */
    private final Monitor monitor;
    private final Map<PeerId, Link> streams = new ConcurrentHashMap<>();
    private final Set<PeerId> banned = new HashSet<>();
    final CompletableFuture<FetchResult> result = new CompletableFuture<>();
    private long fetchedBlocks;
    private long fetchedBytes;
    /** Blocks accepted by the scheduler and not yet in the store: completion waits for them, and the source skips them. */
    private final Set<Cid> storing = new HashSet<>();
    /** Whether the driver should pull from the source again before waiting (it said it has more). */
    private boolean sourceReady = true;
    private boolean closed;

    /** A client stream and the lock its writers (reader thread, driver) take in turn. */
    private record Link(Stream stream, Monitor writing) {}

    /**
     * @param manifest the snapshot whose index {@code wanted} is (holdings are exchanged for it),
     *     or null for loose blocks, asked of {@code likelyHolders} (every peer when empty)
     */
    FetchSession(BlockExchange exchange, Cid manifest, Set<PeerId> likelyHolders, SnapshotIndex index, WantSource wants, PositionSet held) {
        this.exchange = exchange;
        this.manifest = manifest;
        this.likelyHolders = Set.copyOf(likelyHolders);
        this.index = index;
        this.wants = wants;
        this.held = held;
        this.monitor = exchange.scheduler.newMonitor();
        this.engine = new FetchScheduler(exchange.options.fetch(), exchange.random, exchange.downloadBucket,
                exchange.options.perPeerDownloadBytesPerSecond(), exchange.options.burstBytes());
        engine.index(index.total(), exchange::positions);
        wants.onReady(() -> {
            monitor.lock();
            try {
                sourceReady = true;
                monitor.signalAll();
            } finally {
                monitor.unlock();
            }
        });
    }

    void start() {
        result.whenComplete((r, e) -> close()); // also when the caller cancels
        exchange.scheduler.start("exchange-fetch-" + (manifest != null ? manifest : index.total() + "-blocks"), this::drive);
        for (PeerId p : exchange.host.connectedPeers()) open(p);
    }

    /** A peer connected (or was already connected): open a client stream to it. */
    void open(PeerId peer) {
        monitor.lock();
        try {
            if (closed || streams.containsKey(peer) || banned.contains(peer)) return;
        } finally {
            monitor.unlock();
        }
        if (exchange.isBanned(peer)) return;
        GateDecision member = exchange.gate.checkPeer(peer);
        if (!member.accepted()) return;
        exchange.host.newStream(peer, List.of(ExchangeLimits.PROTOCOL_ID)).whenComplete((s, err) -> {
            if (err != null) {
                LOG.log(System.Logger.Level.DEBUG, "exchange: no block stream to " + peer + ": " + err);
                return;
            }
            Link link = new Link(s, exchange.scheduler.newMonitor());
            monitor.lock();
            try {
                if (closed || streams.putIfAbsent(peer, link) != null) {
                    s.reset();
                    return;
                }
            } finally {
                monitor.unlock();
            }
            exchange.scheduler.start("exchange-read-" + peer, () -> read(peer, link));
        });
    }

    private void read(PeerId peer, Link link) {
        Stream s = link.stream();
        try {
            write(link, ExchangeCodec.hello(exchange.gate.swarmId()));
            if (manifest != null) write(link, ExchangeCodec.interest(List.of(manifest)));
            byte[] first = Frames.read(s.input(), ExchangeLimits.MAX_FRAME_BYTES);
            if (first == null) throw new IOException("server closed before Hello");
            ExchangeFrame hello = ExchangeCodec.decode(first);
            if (!hello.hasHello()) throw new ProtocolViolationException("first frame from server " + peer + " is not Hello");
            GateDecision gate = exchange.gate.check(peer, SwarmId.fromBytes(hello.getHello().getSwarmId().toByteArray()));
            if (!gate.accepted()) {
                LOG.log(System.Logger.Level.WARNING, gate.reason());
                throw new ProtocolViolationException(gate.reason());
            }
            monitor.lock();
            try {
                engine.peerConnected(peer);
                if (manifest == null && (likelyHolders.isEmpty() || likelyHolders.contains(peer))) engine.peerComplete(peer);
                monitor.signalAll();
            } finally {
                monitor.unlock();
            }
            for (byte[] f; (f = Frames.read(s.input(), ExchangeLimits.MAX_FRAME_BYTES)) != null; ) handle(peer, ExchangeCodec.decode(f));
        } catch (ProtocolViolationException e) {
            monitor.lock();
            try {
                engine.ban(peer, e.getMessage());
                monitor.signalAll();
            } finally {
                monitor.unlock();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "exchange: block stream to " + peer + " ended: " + e);
        } finally {
            s.reset();
            monitor.lock();
            try {
                streams.remove(peer, link);
                engine.peerDisconnected(peer);
                monitor.signalAll();
            } finally {
                monitor.unlock();
            }
        }
    }

    private void handle(PeerId peer, ExchangeFrame f) throws IOException {
        switch (f.getBodyCase()) {
            case HOLDINGS -> {
                Holdings h = f.getHoldings();
                if (manifest == null || !ExchangeCodec.cid(h.getManifest()).equals(manifest)) return;
                if (!h.getComplete() && h.getTotal() != 0 && h.getTotal() != index.total()) {
                    throw new ProtocolViolationException("server " + peer + " says snapshot " + manifest + " has "
                            + h.getTotal() + " index entries, we know " + index.total());
                }
                if (!h.getComplete() && h.getTotal() == 0) return; // it does not know the snapshot
                byte[] bitmap = h.getComplete() ? null : h.getBitmap().toByteArray();
                monitor.lock();
                try {
                    if (h.getComplete()) engine.peerComplete(peer);
                    else engine.peerHolds(peer, h.getFirstIndex(), bitmap);
                    monitor.signalAll();
                } finally {
                    monitor.unlock();
                }
            }
            case HAVE -> {
                if (manifest == null || !ExchangeCodec.cid(f.getHave().getManifest()).equals(manifest)) return;
                List<Long> positions = f.getHave().getIndicesList();
                for (long i : positions) {
                    if (i < 0 || i >= index.total()) throw new ProtocolViolationException("Have index " + i + " out of range from " + peer);
                }
                monitor.lock();
                try {
                    for (long i : positions) engine.peerHas(peer, i);
                    monitor.signalAll();
                } finally {
                    monitor.unlock();
                }
            }
            case BLOCKS -> {
                for (Block b : f.getBlocks().getBlocksList()) {
                    Cid cid = ExchangeCodec.cid(b.getCid());
                    byte[] data = b.getData().toByteArray();
                    Arrival a;
                    long[] positions;
                    monitor.lock();
                    try {
                        positions = engine.positions(cid);
                        a = engine.onBlock(peer, cid, data, exchange.nowMillis());
                        if (a == Arrival.ACCEPTED) storing.add(cid);
                        monitor.signalAll();
                    } finally {
                        monitor.unlock();
                    }
                    if (a == Arrival.BAD) throw new ProtocolViolationException("bad block " + cid + " from " + peer);
                    if (a == Arrival.ACCEPTED) {
                        try {
                            exchange.store.put(cid, data);
                        } catch (IOException e) {
                            fail(e); // our disk, not the peer: a retry later may help
                            throw e;
                        }
                        if (manifest != null) for (long p : positions) exchange.holdings.stored(manifest, p);
                        exchange.holdings.stored(cid); // other snapshots being fetched may list it too
                        monitor.lock();
                        try {
                            storing.remove(cid);
                            fetchedBlocks++;
                            fetchedBytes += data.length;
                            monitor.signalAll();
                        } finally {
                            monitor.unlock();
                        }
                    }
                }
            }
            case DONT_HAVE -> {
                List<Cid> cids = ExchangeCodec.cids("DontHave", f.getDontHave().getCidsList());
                monitor.lock();
                try {
                    engine.dontHave(peer, cids);
                    monitor.signalAll();
                } finally {
                    monitor.unlock();
                }
            }
            default -> throw new ProtocolViolationException("unexpected " + f.getBodyCase() + " frame from server " + peer);
        }
    }

    /** Most source entries looked at per driver round, so that a store full of them does not hold up the engine's polls. */
    static final int FILL_BATCH = 4096;

    private void drive() {
        try {
            while (true) {
                boolean more = fill();
                List<FetchAction> actions;
                monitor.lock();
                try {
                    if (closed) return;
                    actions = engine.poll(exchange.nowMillis());
                    if (actions.isEmpty()) {
                        if (wants.exhausted() && engine.isComplete() && storing.isEmpty()) break;
                        if (more && engine.room() > 0) continue;
                        if (!sourceReady || engine.room() == 0) {
                            long wait = Math.min(1_000, Math.max(1, engine.nextDeadline() - exchange.nowMillis()));
                            monitor.awaitNanos(wait * 1_000_000);
                        }
                        continue;
                    }
                } finally {
                    monitor.unlock();
                }
                for (FetchAction a : actions) perform(a);
            }
            exchange.store.flush();
            FetchResult r;
            monitor.lock();
            try {
                r = new FetchResult(manifest, fetchedBlocks, fetchedBytes, engine.badBlocks(), engine.timeouts(), Set.copyOf(banned));
            } finally {
                monitor.unlock();
            }
            close();
            result.complete(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /**
     * Pulls wanted blocks from the source into the engine's window while it has room, at most
     * {@link #FILL_BATCH} per call: a block the store holds is marked held (and advertised), one
     * being stored is skipped, one already live gains the position. True when the source may have
     * more at once (the batch ran out, not the source or the room).
     */
    private boolean fill() throws IOException {
        for (int n = 0; n < FILL_BATCH; n++) {
            monitor.lock();
            try {
                if (closed || engine.room() == 0) return false;
                sourceReady = false;
            } finally {
                monitor.unlock();
            }
            Wanted w = wants.poll();
            if (w == null) return false;
            boolean stored = exchange.store.has(w.cid());
            monitor.lock();
            try {
                if (stored) {
                    engine.alreadyHave(w.cid());
                } else if (!storing.contains(w.cid())) {
                    engine.want(w);
                }
            } finally {
                monitor.unlock();
            }
            if (stored && manifest != null) exchange.holdings.stored(manifest, w.position());
        }
        return true;
    }

    private void perform(FetchAction a) {
        Link link = streams.get(a.peer());
        Stream s = link == null ? null : link.stream();
        try {
            switch (a) {
                case FetchAction.Want w -> {
                    if (link != null) write(link, ExchangeCodec.want(w.cids()));
                }
                case FetchAction.Cancel c -> {
                    if (link != null) write(link, ExchangeCodec.cancel(c.cids()));
                }
                case FetchAction.Disconnect d -> {
                    LOG.log(System.Logger.Level.WARNING, "exchange: disconnecting " + d.peer() + ": " + d.reason());
                    monitor.lock();
                    try {
                        banned.add(d.peer());
                    } finally {
                        monitor.unlock();
                    }
                    if (s != null) s.reset();
                    exchange.penalise(d.peer(), d.reason());
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "exchange: write to " + a.peer() + " failed: " + e);
            if (s != null) s.reset();
        }
    }

    private static void write(Link link, byte[] frame) throws IOException {
        link.writing().lock();
        try {
            OutputStream out = link.stream().output();
            Frames.write(out, frame);
            out.flush();
        } finally {
            link.writing().unlock();
        }
    }

    void fail(Throwable t) {
        close();
        result.completeExceptionally(t);
    }

    void close() {
        List<Link> open;
        monitor.lock();
        try {
            if (closed) return;
            closed = true;
            monitor.signalAll();
            open = List.copyOf(streams.values());
            engine.close();
        } finally {
            monitor.unlock();
        }
        for (Link l : open) l.stream().close();
        // what this node holds of the snapshot is advertised again once it is registered complete
        if (held != null) exchange.holdings.unregisterPartial(manifest, held);
        exchange.sessionEnded(this);
    }
}
