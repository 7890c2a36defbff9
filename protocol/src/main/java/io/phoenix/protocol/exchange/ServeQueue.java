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
 * <p>(Holding a duplicate back for a while even when nothing else is queued was tried in the
 * simulation: it makes requests time out and be asked again, and the origin sent more, not less.)
 *
 * <p>The caller picks a job only when its bandwidth limits let the block go now ({@link #next}),
 * so late Cancels and better-ranked requests still count. {@code C} identifies a client (one
 * stream). Not thread-safe.
 */
public final class ServeQueue<C> {
    private final int maxPerClient;
    private final UploadCounts uploads;
    private final Map<C, ArrayDeque<Cid>> queues = new LinkedHashMap<>();
    private C lastServed;

    /**
     * @param maxPerClient most queued requests per client (beyond that a Want is a protocol violation)
     * @param uploads upload counts of this node
     */
    public ServeQueue(int maxPerClient, UploadCounts uploads) {
        this.maxPerClient = maxPerClient;
        this.uploads = uploads;
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

    public void cancel(C client, List<Cid> cids) {
        ArrayDeque<Cid> q = queues.get(client);
        if (q != null) q.removeAll(cids);
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

    /** The next block to send to one of the clients {@code ready} accepts, removed from the queue; empty when there is none. */
    public Optional<Job<C>> next(Predicate<C> ready) {
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

    /** Records that {@code cid} ({@code bytes} long, ≤ 0 if not known yet) is being uploaded once more. */
    public void uploaded(Cid cid, long bytes) {
        uploads.add(cid, bytes);
    }
}
