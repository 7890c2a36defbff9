package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The serving side's pure core, one per node: the blocks every client asked for and not yet
 * sent, and which one to send next. "Super-seeding" in the small: the block this node has
 * uploaded least often goes first, across all clients (FIFO within a client among equals,
 * round-robin between clients among equals). So a node never sends a block a second time while a
 * client waits for one it has not sent at all, and a duplicate request waits behind fresh ones,
 * which gives the block's first receiver time to announce it ({@code Have}) and the duplicate's
 * client time to fetch it there instead and cancel here.
 *
 * <p>When nothing fresh is queued, a duplicate is still held back until the block has been out
 * for the swarm's <em>spread time</em>: how long, after this node first sent a block, clients
 * typically take to cancel their other requests for it (because its first receiver announced it
 * and they fetch it there). The spread time is learned from those cancels (a moving average,
 * capped by {@code maxHoldNanos}); it starts at 0, so a swarm whose clients never divert
 * requests is never held up. The hold counts from the block's first upload, not its latest, so
 * the duplicates of one block are not serialised.
 *
 * <p>The caller picks a job only when its bandwidth limits let the block go now ({@link #next}),
 * so late Cancels and better-ranked requests still count. {@code C} identifies a client (one
 * stream). Not thread-safe.
 */
public final class ServeQueue<C> {
    private final int maxPerClient;
    private final UploadCounts uploads;
    private final long maxHoldNanos;
    private double spreadNanos;
    /** Longest a duplicate waits for its first receiver to spread it (the node's setting). */
    public static final long MAX_HOLD_NANOS = 5_000_000_000L;

    private final Map<C, ArrayDeque<Cid>> queues = new LinkedHashMap<>();
    private C lastServed;

    /**
     * @param maxPerClient most queued requests per client (beyond that a Want is a protocol violation)
     * @param uploads upload counts of this node
     * @param maxHoldNanos longest a duplicate is held back after the block's first upload (0 = never held)
     */
    public ServeQueue(int maxPerClient, UploadCounts uploads, long maxHoldNanos) {
        this.maxPerClient = maxPerClient;
        this.uploads = uploads;
        this.maxHoldNanos = maxHoldNanos;
    }

    public record Job<C>(C client, Cid cid) {}

    /** Queues requests; throws when the client has more outstanding than allowed. */
    public void enqueue(C client, List<Cid> cids) {
        ArrayDeque<Cid> q = queues.computeIfAbsent(client, k -> new ArrayDeque<>());
        if (q.size() + cids.size() > maxPerClient) {
            throw new ProtocolViolationException("client " + client + " has more than " + maxPerClient + " outstanding block requests");
        }
        for (Cid c : cids) if (!q.contains(c)) q.add(c);
    }

    /** The client no longer wants these; a cancelled request for a block already sent teaches the spread time. */
    public void cancel(C client, List<Cid> cids, long nowNanos) {
        ArrayDeque<Cid> q = queues.get(client);
        if (q == null) return;
        for (Cid c : cids) {
            if (!q.remove(c)) continue;
            long first = uploads.firstUpload(c);
            if (first == Long.MIN_VALUE || maxHoldNanos <= 0) continue;
            double sample = Math.min(maxHoldNanos, Math.max(0, nowNanos - first));
            spreadNanos = 0.7 * spreadNanos + 0.3 * sample;
        }
    }

    /** How long a duplicate is currently held back after its block's first upload (nanoseconds). */
    public long holdNanos() {
        return (long) spreadNanos;
    }

    public void clientGone(C client) {
        queues.remove(client);
    }

    public int queued(C client) {
        ArrayDeque<Cid> q = queues.get(client);
        return q == null ? 0 : q.size();
    }

    public boolean isEmpty() {
        for (ArrayDeque<Cid> q : queues.values()) if (!q.isEmpty()) return false;
        return true;
    }

    /**
     * The next block to send to one of the clients {@code ready} accepts, removed from the queue;
     * empty when none is queued or every candidate is held back (see {@link #nextEligibleNanos}).
     */
    public Optional<Job<C>> next(long nowNanos, Predicate<C> ready) {
        List<C> order = new ArrayList<>(queues.keySet());
        int n = order.size();
        if (n == 0) return Optional.empty();
        int start = lastServed == null ? 0 : (order.indexOf(lastServed) + 1) % n;
        C bestClient = null;
        Cid best = null;
        int least = Integer.MAX_VALUE;
        for (int k = 0; k < n && least > 0; k++) {
            C client = order.get((start + k) % n);
            ArrayDeque<Cid> q = queues.get(client);
            if (q.isEmpty() || !ready.test(client)) continue;
            for (Cid c : q) {
                if (held(c, nowNanos)) continue;
                int count = uploads.count(c);
                if (count < least) {
                    least = count;
                    best = c;
                    bestClient = client;
                    if (count == 0) break;
                }
            }
        }
        if (best == null) return Optional.empty();
        queues.get(bestClient).remove(best);
        lastServed = bestClient;
        return Optional.of(new Job<>(bestClient, best));
    }

    private boolean held(Cid c, long nowNanos) {
        long first = uploads.firstUpload(c);
        return first != Long.MIN_VALUE && nowNanos - first < holdNanos();
    }

    /** When the earliest held-back request of a ready client may go, or {@code Long.MAX_VALUE}. */
    public long nextEligibleNanos(long nowNanos, Predicate<C> ready) {
        long at = Long.MAX_VALUE;
        for (var e : queues.entrySet()) {
            if (e.getValue().isEmpty() || !ready.test(e.getKey())) continue;
            for (Cid c : e.getValue()) if (held(c, nowNanos)) at = Math.min(at, uploads.firstUpload(c) + holdNanos());
        }
        return at;
    }

    /** Records that {@code cid} ({@code bytes} long, ≤ 0 if not known yet) is being uploaded once more. */
    public void uploaded(Cid cid, long bytes, long nowNanos) {
        uploads.add(cid, bytes, nowNanos);
    }
}
