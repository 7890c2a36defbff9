package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
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
 * <p>Memory is proportional to the wants given: the daemon feeds it a window (e.g. a few index
 * pages) at a time. Holdings are recorded only for CIDs already wanted. Not thread-safe.
 */
public final class FetchScheduler {
    private final FetchConfig config;
    private final Random random;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<Cid, Entry> byCid = new HashMap<>();
    private final Map<PeerId, FetchPeer> peers = new LinkedHashMap<>();
    private final Set<PeerId> banned = new HashSet<>();
    private final List<FetchAction> pending = new ArrayList<>();
    private int remaining;
    private long badBlocks;
    private long timeouts;
    private final TokenBucket download;
    private final long perPeerDownload;
    private final long burst;
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
        this.download = download;
        this.perPeerDownload = perPeerDownloadBytesPerSecond;
        this.burst = burstBytes;
    }

    /** A block to fetch; lower priority first; {@code sizeHint} ≤ 0 when unknown. */
    public record Wanted(Cid cid, long priority, long sizeHint) {}

    private enum State { NEEDED, IN_FLIGHT, DONE }

    static final class Entry {
        final int index;
        final Cid cid;
        final long priority;
        final long size;
        final int tiebreak;
        State state = State.NEEDED;
        FetchPeer at;
        long sentAt;
        long deadline;
        Set<PeerId> failedAt;

        Entry(int index, Cid cid, long priority, long size, int tiebreak) {
            this.index = index;
            this.cid = cid;
            this.priority = priority;
            this.size = size;
            this.tiebreak = tiebreak;
        }
    }


    /** Adds blocks to fetch (already wanted or done CIDs are ignored). */
    public void want(Collection<Wanted> wanted) {
        for (Wanted w : wanted) {
            if (byCid.containsKey(w.cid())) continue;
            long size = w.sizeHint() > 0 ? w.sizeHint() : config.defaultBlockBytes();
            Entry e = new Entry(entries.size(), w.cid(), w.priority(), size, random.nextInt());
            entries.add(e);
            byCid.put(w.cid(), e);
            remaining++;
        }
    }

    /** Marks a block as already held locally (e.g. found in the store after a restart). */
    public void alreadyHave(Cid cid) {
        Entry e = byCid.get(cid);
        if (e != null && e.state != State.DONE) finish(e);
    }

    public void peerConnected(PeerId peer) {
        if (!banned.contains(peer)) peers.computeIfAbsent(peer, p -> new FetchPeer(config, p));
    }

    /** The peer is gone: its requests go back to the pool. */
    public void peerDisconnected(PeerId peer) {
        FetchPeer p = peers.remove(peer);
        if (p != null) release(p);
    }

    /** The peer advertised that it holds these CIDs (Holdings/Have frames, translated by index). */
    public void peerHas(PeerId peer, Collection<Cid> cids) {
        FetchPeer p = peers.get(peer);
        if (p == null) return;
        for (Cid c : cids) {
            Entry e = byCid.get(c);
            if (e != null) p.has.set(e.index);
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
            Entry e = byCid.get(c);
            if (e == null) continue;
            p.has.clear(e.index);
            if (e.state == State.IN_FLIGHT && e.at == p) unassign(e);
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
        Entry e = byCid.get(cid);
        if (p != null && e != null) p.has.set(e.index);
        boolean requestedHere = p != null && e != null && e.state == State.IN_FLIGHT && e.at == p;
        // the request reserved e.size at this peer; anything else that arrives is charged in full
        charge(requestedHere ? p : null, data.length - (requestedHere ? e.size : 0), now);
        if (!requestedHere && p != null && p.down != null) chargePeer(p, data.length, now);
        if (e == null || e.state == State.DONE) return Arrival.DUPLICATE;
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
        } else if (e.state == State.IN_FLIGHT) {
            pending.add(new FetchAction.Cancel(e.at.id, List.of(cid)));
        }
        finish(e);
        return Arrival.ACCEPTED;
    }

    /** Bans the peer for the rest of this fetch (also used by the binding on protocol violations). */
    public void ban(PeerId peer, String reason) {
        if (!banned.add(peer)) return;
        FetchPeer p = peers.remove(peer);
        if (p != null) release(p);
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

    public boolean isComplete() {
        return remaining == 0;
    }

    public int remaining() {
        return remaining;
    }

    public int wantedCount() {
        return entries.size();
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
        for (FetchPeer p : peers.values()) for (Entry e : p.inFlight) d = Math.min(d, e.deadline);
        return d;
    }

    private void finish(Entry e) {
        if (e.state == State.IN_FLIGHT) detach(e);
        e.state = State.DONE;
        remaining--;
    }

    private void detach(Entry e) {
        e.at.inFlight.remove(e);
        e.at.inFlightBytes -= e.size;
        e.at = null;
    }

    private void unassign(Entry e) {
        detach(e);
        e.state = State.NEEDED;
    }

    private void release(FetchPeer p) {
        for (Entry e : List.copyOf(p.inFlight)) unassign(e);
    }

    private void expire(long now) {
        for (FetchPeer p : peers.values()) {
            List<Cid> cancelled = null;
            for (Entry e : List.copyOf(p.inFlight)) {
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
        if (remaining == 0) return;
        List<FetchPeer> live = List.copyOf(peers.values());
        for (FetchPeer p : live) p.seed = p.has.cardinality() >= entries.size();
        Map<FetchPeer, List<Cid>> batches = new LinkedHashMap<>();
        if (live.stream().anyMatch(FetchPeer::hasRoom)) assignNeeded(live, now, batches);
        steal(live, now, batches);
        for (var b : batches.entrySet()) emit(b.getKey(), b.getValue(), true);
    }

    private void assignNeeded(List<FetchPeer> live, long now, Map<FetchPeer, List<Cid>> batches) {
        List<Entry> candidates = new ArrayList<>();
        Map<Entry, Integer> holders = new HashMap<>();
        for (Entry e : entries) {
            if (e.state != State.NEEDED) continue;
            int n = 0;
            for (FetchPeer p : live) if (p.has.get(e.index)) n++;
            if (n == 0) continue;
            candidates.add(e);
            holders.put(e, n);
        }
        candidates.sort((a, b) -> {
            int c = Long.compare(a.priority, b.priority);
            if (c != 0) return c;
            c = Integer.compare(holders.get(a), holders.get(b));
            return c != 0 ? c : Integer.compare(a.tiebreak, b.tiebreak);
        });
        for (Entry e : candidates) {
            long wait = globalDelay(now);
            if (wait > 0) {
                budgetAt = Math.min(budgetAt, now + wait);
                break;
            }
            FetchPeer best = choose(e, live, now);
            if (best == null) {
                if (live.stream().noneMatch(FetchPeer::hasRoom)) break;
                continue;
            }
            assign(e, best, now, batches);
            charge(best, e.size, now);
        }
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
            for (Entry e : List.copyOf(seed.inFlight)) {
                FetchPeer best = null;
                double bestCost = Double.MAX_VALUE;
                for (FetchPeer p : live) {
                    if (p.seed || !p.has.get(e.index) || !p.hasStealRoom() || peerDelay(p, now) > 0) continue;
                    if (e.failedAt != null && e.failedAt.contains(p.id)) continue;
                    double cost = p.expectedMillis(e.size);
                    if (cost < bestCost) {
                        bestCost = cost;
                        best = p;
                    }
                }
                if (best == null) continue;
                unassign(e);
                cancelled.add(e.cid);
                assign(e, best, now, batches);
                // the node-wide reservation moves with the request; only the new peer's is taken
                if (best.down != null) chargePeer(best, e.size, now);
            }
            if (!cancelled.isEmpty()) emit(seed, cancelled, false);
        }
    }

    private void assign(Entry e, FetchPeer p, long now, Map<FetchPeer, List<Cid>> batches) {
        e.state = State.IN_FLIGHT;
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

    /**
     * The holder expected to deliver {@code e} soonest, a seed's cost multiplied by the seed
     * penalty when a partial holder also has it; null to leave it for later. A partial holder
     * without room counts too (with its queue): the block then waits for it rather than going to a
     * seed, unless the seed would still be faster with the penalty, so that a seed's upload goes to
     * blocks nobody else has.
     */
    private FetchPeer choose(Entry e, List<FetchPeer> live, long now) {
        boolean partialHolder = false;
        boolean freshHolder = false;
        for (FetchPeer p : live) {
            if (!p.has.get(e.index)) continue;
            if (!p.seed) partialHolder = true;
            if (e.failedAt == null || !e.failedAt.contains(p.id)) freshHolder = true;
        }
        FetchPeer best = null;
        double bestCost = Double.MAX_VALUE;
        double busyPartialCost = Double.MAX_VALUE;
        for (FetchPeer p : live) {
            if (!p.has.get(e.index)) continue;
            if (freshHolder && e.failedAt != null && e.failedAt.contains(p.id)) continue;
            long wait = p.hasRoom() ? peerDelay(p, now) : 0;
            if (wait > 0) budgetAt = Math.min(budgetAt, now + wait);
            if (!p.hasRoom() || wait > 0) {
                if (!p.seed) busyPartialCost = Math.min(busyPartialCost, p.expectedMillis(e.size) + wait);
                continue;
            }
            double cost = p.expectedMillis(e.size);
            if (partialHolder && p.seed) cost *= config.seedPenalty();
            if (cost < bestCost) {
                bestCost = cost;
                best = p;
            }
        }
        if (best != null && best.seed && bestCost >= busyPartialCost) return null;
        return best;
    }

    private static long nanos(long millis) {
        return millis * 1_000_000;
    }

    private static long millisCeil(long nanos) {
        return (nanos + 999_999) / 1_000_000;
    }

    /** Milliseconds until the node-wide download limit has room again (0 = now). */
    private long globalDelay(long now) {
        if (download == null) return 0;
        synchronized (download) {
            return millisCeil(download.delayNanos(nanos(now)));
        }
    }

    private long peerDelay(FetchPeer p, long now) {
        if (perPeerDownload <= 0) return 0;
        if (p.down == null) p.down = new TokenBucket(perPeerDownload, burst, nanos(now));
        return millisCeil(p.down.delayNanos(nanos(now)));
    }

    /** Charges {@code bytes} (negative: refunds) to the node-wide limit and, when given, {@code p}'s. */
    private void charge(FetchPeer p, long bytes, long now) {
        if (bytes == 0) return;
        if (download != null) {
            synchronized (download) {
                download.take(bytes, nanos(now));
            }
        }
        if (p != null) chargePeer(p, bytes, now);
    }

    private void chargePeer(FetchPeer p, long bytes, long now) {
        if (perPeerDownload <= 0) return;
        peerDelay(p, now);
        p.down.take(bytes, nanos(now));
    }
}
