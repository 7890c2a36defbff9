package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The pure core of swarming fetch: given the blocks we need (in priority order), what each peer
 * holds, what is in flight and how fast each peer has been, decides which block to ask of which
 * peer. Never touches a socket or a clock: every call takes {@code now} (milliseconds, any
 * origin) and the binding drains the resulting {@link FetchAction}s with {@link #poll}.
 *
 * <p>Policy: lowest {@code priority} first (the caller encodes newest snapshot first, then
 * {@code mind}, {@code body}, {@code spirit}); within a priority, rarest first (fewest connected
 * holders), ties broken by a per-node seeded shuffle so that peers start on different blocks.
 * The holder chosen is the one expected to deliver soonest (queued bytes / measured rate + rtt),
 * with a penalty for peers that hold everything (seeds, e.g. the origin) when a partial holder also
 * has the block — so the origin uploads each block about once and peers serve each other. A peer
 * keeps at most a window of requests in flight, sized from its rate. A request that times out is
 * cancelled and asked elsewhere; a block that does not hash to its CID bans and disconnects the
 * sender and the block is asked elsewhere.
 *
 * <p>Memory is bounded by design: at most {@link FetchConfig#maxLiveWants} wanted blocks are live
 * (the binding pulls them from a {@link WantSource} as {@link #room} allows, and a block leaves the
 * window when it arrives), and what each peer holds is kept by index position: a flag for a peer
 * that holds everything ({@link #peerComplete}), else a {@link PositionSet} from the factory given
 * to {@link #index} (memory-mapped in the daemon). Nothing here grows with the snapshot's size.
 * Not thread-safe.
 */
public final class FetchScheduler {
    private final FetchConfig config;
    private final Random random;
    /** The live window: wanted blocks not yet arrived, in the order they were wanted. */
    private final Map<Cid, FetchEntry> live = new LinkedHashMap<>();
    /** The same entries in assignment order. */
    private final NeededOrder order = new NeededOrder();
    private final Map<PeerId, FetchPeer> peers = new LinkedHashMap<>();
    private final Set<PeerId> banned = new HashSet<>();
    private final List<FetchAction> pending = new ArrayList<>();
    private long wantedCount;
    private long total;
    private boolean totalGiven;
    private PositionSet.Factory positions = PositionSet.inHeap();
    /** Live entries some complete peer said DontHave for (they are looked for by position then). */
    private int lostEntries;
    private boolean closed;
    private long badBlocks;
    private long timeouts;
    private final DownloadLimits limits;
    private final PeerChoice choice;
    /** When the download limits let the next request go, if they held one back (ms), else {@code Long.MAX_VALUE}. */
    private long budgetAt = Long.MAX_VALUE;

    public FetchScheduler(FetchConfig config, Random random) {
        this(config, random, null, 0, 1);
    }

    /**
     * With download limits: a request is sent only when the limits have room for its expected
     * size (so at most about {@code rate × time + burst} bytes are asked for; what arrives is
     * charged at its real size).
     *
     * @param download the node's download limit, possibly shared with other schedulers (used under
     *     its own lock; null = none)
     * @param perPeerDownloadBytesPerSecond limit towards each peer (0 = none)
     * @param burstBytes depth of the per-peer buckets
     */
    public FetchScheduler(FetchConfig config, Random random, TokenBucket download, long perPeerDownloadBytesPerSecond, long burstBytes) {
        this.config = config;
        this.random = random;
        this.limits = new DownloadLimits(download, perPeerDownloadBytesPerSecond, burstBytes);
        this.choice = new PeerChoice(limits, config.seedPenalty());
    }

    /**
     * Sets the size of the position space (the index's entry count) and how peers' partial
     * holdings are kept. Without it positions are counted from the wants and kept in the heap.
     */
    public void index(long total, PositionSet.Factory factory) {
        this.total = total;
        this.totalGiven = true;
        this.positions = factory;
    }

    /** How many more wanted blocks the window takes now. */
    public int room() {
        return Math.max(0, config.maxLiveWants() - live.size());
    }

    /** Whether {@code cid} is in the window (wanted and not yet arrived). */
    public boolean isLive(Cid cid) {
        return live.containsKey(cid);
    }

    /** The index positions of the live entry for {@code cid} (empty when it is not live). */
    public long[] positions(Cid cid) {
        FetchEntry e = live.get(cid);
        return e == null ? new long[0] : e.positions();
    }

    /**
     * Adds blocks to fetch, in order. A CID already live gains the position (an index listing it
     * twice); the caller skips blocks already held. Throws {@link IllegalStateException} when the
     * window has no {@link #room} for a new one: the bound is the engine's, not the caller's.
     */
    public void want(Collection<Wanted> wanted) {
        for (Wanted w : wanted) want(w);
    }

    /** As {@link #want(Collection)} for one block; true when it became a new live entry. */
    public boolean want(Wanted w) {
        if (!totalGiven) total = Math.max(total, w.position() + 1);
        FetchEntry existing = live.get(w.cid());
        if (existing != null) {
            existing.addPosition(w.position());
            return false;
        }
        if (live.size() >= config.maxLiveWants()) {
            throw new IllegalStateException("the fetch window holds " + live.size() + " wanted blocks, its limit");
        }
        long size = w.sizeHint() > 0 ? w.sizeHint() : config.defaultBlockBytes();
        FetchEntry e = new FetchEntry(w.position(), w.cid(), w.priority(), size, random.nextInt(), wantedCount);
        live.put(w.cid(), e);
        order.add(e);
        wantedCount++;
        return true;
    }

    /** Marks a block as already held locally (e.g. stored by another fetch meanwhile). */
    public void alreadyHave(Cid cid) {
        FetchEntry e = live.get(cid);
        if (e != null) finish(e);
    }

    public void peerConnected(PeerId peer) {
        if (!closed && !banned.contains(peer)) peers.computeIfAbsent(peer, p -> new FetchPeer(config, p));
    }

    /** The peer is gone: its requests go back to the pool. */
    public void peerDisconnected(PeerId peer) {
        FetchPeer p = peers.remove(peer);
        if (p != null) {
            release(p);
            p.close();
        }
    }

    /** The peer holds every entry of the index (a complete {@code Holdings}, or a likely holder of loose blocks). */
    public void peerComplete(PeerId peer) {
        FetchPeer p = peers.get(peer);
        if (p == null) return;
        p.complete = true;
        p.close();
    }

    /** The peer holds the entry at {@code position} (a {@code Have}). */
    public void peerHas(PeerId peer, long position) {
        FetchPeer p = peers.get(peer);
        if (p == null) return;
        if (p.complete) {
            if (lostEntries > 0) for (FetchEntry e : live.values()) if (e.isAt(position)) found(p, e);
            return;
        }
        set(p).add(position);
    }

    /** The peer holds the entries whose bits are set in a {@code Holdings} window (bit k = position {@code firstIndex + k}). */
    public void peerHolds(PeerId peer, long firstIndex, byte[] bitmap) {
        FetchPeer p = peers.get(peer);
        if (p == null || p.complete) return;
        if (firstIndex % 8 != 0) throw new IllegalArgumentException("window start " + firstIndex + " is not a multiple of 8");
        set(p).addBitmap(firstIndex / 8, bitmap);
    }

    /** The peer holds these live CIDs (translated to their positions; for tests and loose blocks). */
    public void peerHas(PeerId peer, Collection<Cid> cids) {
        FetchPeer p = peers.get(peer);
        if (p == null) return;
        for (Cid c : cids) {
            FetchEntry e = live.get(c);
            if (e != null) holds(p, e);
        }
    }

    public void peerHas(PeerId peer, Cid cid) {
        peerHas(peer, List.of(cid));
    }

    /** The peer answered DontHave: forget its holding and ask elsewhere. */
    public void dontHave(PeerId peer, Collection<Cid> cids) {
        FetchPeer p = peers.get(peer);
        if (p == null) return;
        for (Cid c : cids) {
            FetchEntry e = live.get(c);
            if (e == null) continue;
            if (p.complete) {
                if (e.lostAt == null) {
                    e.lostAt = new HashSet<>();
                    lostEntries++;
                }
                e.lostAt.add(p.id);
            } else if (p.has != null) {
                for (long at : e.positions()) p.has.remove(at);
            }
            if (e.state == FetchEntry.State.IN_FLIGHT && e.at == p) unassign(e);
        }
    }

    private PositionSet set(FetchPeer p) {
        if (p.has == null) p.has = positions.create(total);
        return p.has;
    }

    /** Records that {@code p} holds {@code e}. */
    private void holds(FetchPeer p, FetchEntry e) {
        if (p.complete) {
            found(p, e);
            return;
        }
        set(p).add(e.position);
    }

    private void found(FetchPeer p, FetchEntry e) {
        if (e.lostAt != null && e.lostAt.remove(p.id) && e.lostAt.isEmpty()) {
            e.lostAt = null;
            lostEntries--;
        }
    }

    /** A block arrived from {@code peer}; verifies it by CID. */
    public Arrival onBlock(PeerId peer, Cid cid, byte[] data, long now) {
        FetchPeer p = peers.get(peer);
        if (!cid.verifies(data)) {
            badBlocks++;
            ban(peer, "sent block " + cid + " whose bytes do not hash to its CID");
            return Arrival.BAD;
        }
        FetchEntry e = live.get(cid);
        if (p != null && e != null) holds(p, e);
        boolean requestedHere = p != null && e != null && e.state == FetchEntry.State.IN_FLIGHT && e.at == p;
        // the request reserved e.size at this peer; anything else that arrives is charged in full
        limits.charge(requestedHere ? p : null, data.length - (requestedHere ? e.size : 0), now);
        if (!requestedHere && p != null && p.down != null) limits.chargePeer(p, data.length, now);
        if (e == null) return Arrival.DUPLICATE;
        if (p != null && e.at == p) {
            long since = Math.max(e.sentAt, p.lastDelivery);
            double sample = data.length / (double) Math.max(1, now - since);
            p.rate = p.measured ? 0.7 * p.rate + 0.3 * sample : sample;
            double rttSample = now - e.sentAt;
            p.rtt = p.rtt < 0 ? rttSample : 0.7 * p.rtt + 0.3 * rttSample;
            p.measured = true;
            p.lastDelivery = now;
            p.delivered += data.length;
            long targetBlocks = (long) (p.rate * config.targetQueueMillis() / Math.max(1, e.size));
            p.window = (int) Math.max(config.initialWindow(), Math.min(config.maxWindow(), Math.max(p.window, targetBlocks)));
        } else if (e.state == FetchEntry.State.IN_FLIGHT) {
            pending.add(new FetchAction.Cancel(e.at.id, List.of(cid)));
        }
        finish(e);
        return Arrival.ACCEPTED;
    }

    /** Bans the peer for the rest of this fetch (also used by the binding on protocol violations). */
    public void ban(PeerId peer, String reason) {
        if (!banned.add(peer)) return;
        FetchPeer p = peers.remove(peer);
        if (p != null) {
            release(p);
            p.close();
        }
        pending.add(new FetchAction.Disconnect(peer, reason));
    }

    /** Handles timeouts, assigns blocks to peers and returns everything the binding must do now. */
    public List<FetchAction> poll(long now) {
        expire(now);
        schedule(now);
        List<FetchAction> out = new ArrayList<>(pending);
        pending.clear();
        return out;
    }

    /** True when no wanted block is live (the binding also asks its {@link WantSource} whether more will come). */
    public boolean isComplete() {
        return live.isEmpty();
    }

    /** Live wanted blocks: never more than {@link FetchConfig#maxLiveWants}. */
    public int remaining() {
        return live.size();
    }

    /** Blocks wanted so far (each CID once). */
    public long wantedCount() {
        return wantedCount;
    }

    /** Frees the peers' position sets (mapped files in the daemon) and forgets the peers; later peers are ignored. */
    public void close() {
        closed = true;
        for (FetchPeer p : peers.values()) p.close();
        peers.clear();
    }

    public boolean isBanned(PeerId peer) {
        return banned.contains(peer);
    }

    public long badBlocks() {
        return badBlocks;
    }

    public long timeouts() {
        return timeouts;
    }

    /** Earliest deadline of an in-flight request, or {@code Long.MAX_VALUE}: when to poll next at the latest. */
    public long nextDeadline() {
        long d = budgetAt;
        for (FetchPeer p : peers.values()) for (FetchEntry e : p.inFlight) d = Math.min(d, e.deadline);
        return d;
    }

    private void finish(FetchEntry e) {
        if (e.state == FetchEntry.State.IN_FLIGHT) detach(e);
        e.state = FetchEntry.State.DONE;
        live.remove(e.cid);
        order.remove(e);
        if (e.lostAt != null) lostEntries--;
    }

    private void detach(FetchEntry e) {
        e.at.inFlight.remove(e);
        e.at.inFlightBytes -= e.size;
        e.at = null;
    }

    private void unassign(FetchEntry e) {
        detach(e);
        e.state = FetchEntry.State.NEEDED;
    }

    private void release(FetchPeer p) {
        for (FetchEntry e : List.copyOf(p.inFlight)) unassign(e);
    }

    private void expire(long now) {
        for (FetchPeer p : peers.values()) {
            List<Cid> cancelled = null;
            for (FetchEntry e : List.copyOf(p.inFlight)) {
                if (e.deadline > now) continue;
                timeouts++;
                unassign(e);
                if (e.failedAt == null) e.failedAt = new HashSet<>();
                e.failedAt.add(p.id);
                if (cancelled == null) cancelled = new ArrayList<>();
                cancelled.add(e.cid);
            }
            if (cancelled != null) {
                p.window = Math.max(1, p.window / 2);
                emit(p, cancelled, false);
            }
        }
    }

    private void schedule(long now) {
        budgetAt = Long.MAX_VALUE;
        if (live.isEmpty()) return;
        List<FetchPeer> connected = List.copyOf(peers.values());
        for (FetchPeer p : connected) p.seed = p.complete || (p.has != null && total > 0 && p.has.count() >= total);
        Map<FetchPeer, List<Cid>> batches = new LinkedHashMap<>();
        if (anyRoom(connected)) assignNeeded(connected, now, batches);
        steal(connected, now, batches);
        for (var b : batches.entrySet()) emit(b.getKey(), b.getValue(), true);
    }

    /** Assigns needed blocks in {@link NeededOrder}'s order to the peers the peer choice picks. */
    private void assignNeeded(List<FetchPeer> live, long now, Map<FetchPeer, List<Cid>> batches) {
        List<FetchEntry> candidates = order.candidates(live, this.live.size());
        for (FetchEntry e : candidates) {
            long wait = limits.globalDelay(now);
            if (wait > 0) {
                budgetAt = Math.min(budgetAt, now + wait);
                break;
            }
            FetchPeer best = choice.choose(e, live, now);
            if (choice.waitUntil() < budgetAt) budgetAt = choice.waitUntil();
            if (best == null) {
                if (!anyRoom(live)) break;
                continue;
            }
            assign(e, best, now, batches);
            limits.charge(best, e.size, now);
        }
    }

    private static boolean anyRoom(List<FetchPeer> live) {
        for (int i = 0; i < live.size(); i++) if (live.get(i).hasRoom()) return true;
        return false;
    }

    /**
     * Moves requests queued at a seed to a partial holder that now has the block: the seed's
     * upload is kept for blocks nobody else has yet. The partial holder may take up to twice its
     * window for this: the request is waiting anyway, and a seed that has nothing fresh to send
     * would otherwise send the block a second time.
     */
    private void steal(List<FetchPeer> live, long now, Map<FetchPeer, List<Cid>> batches) {
        for (FetchPeer seed : live) {
            if (!seed.seed || seed.inFlight.isEmpty()) continue;
            List<Cid> cancelled = new ArrayList<>();
            for (FetchEntry e : List.copyOf(seed.inFlight)) {
                FetchPeer best = choice.partialFor(e, live, now);
                if (best == null) continue;
                unassign(e);
                cancelled.add(e.cid);
                assign(e, best, now, batches);
                // the node-wide reservation moves with the request; only the new peer's is taken
                if (best.down != null) limits.chargePeer(best, e.size, now);
            }
            if (!cancelled.isEmpty()) emit(seed, cancelled, false);
        }
    }

    private void assign(FetchEntry e, FetchPeer p, long now, Map<FetchPeer, List<Cid>> batches) {
        e.state = FetchEntry.State.IN_FLIGHT;
        e.at = p;
        e.sentAt = now;
        e.deadline = now + p.timeoutFor(e.size);
        p.inFlight.add(e);
        p.inFlightBytes += e.size;
        batches.computeIfAbsent(p, k -> new ArrayList<>()).add(e.cid);
    }

    private void emit(FetchPeer p, List<Cid> cids, boolean want) {
        for (int i = 0; i < cids.size(); i += ExchangeLimits.MAX_CIDS_PER_FRAME) {
            List<Cid> part = List.copyOf(cids.subList(i, Math.min(cids.size(), i + ExchangeLimits.MAX_CIDS_PER_FRAME)));
            pending.add(want ? new FetchAction.Want(p.id, part) : new FetchAction.Cancel(p.id, part));
        }
    }

}
