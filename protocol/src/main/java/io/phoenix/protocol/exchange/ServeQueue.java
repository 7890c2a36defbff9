package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The serving side's pure core: the blocks each client asked for and not yet sent, and the
 * order to send them in. Clients are served round-robin; within a client, the block this node has
 * uploaded least often goes first (FIFO among equals). That is "super-seeding" in the small: when
 * two clients ask the origin for the same block and for different ones, the different ones go
 * out first, and by the time the duplicate's turn comes the first receiver usually advertises it
 * and the second client cancels. Not thread-safe.
 */
public final class ServeQueue {
    private final int maxPerPeer;
    private final Map<PeerId, ArrayDeque<Cid>> queues = new LinkedHashMap<>();
    private final UploadCounts uploads;
    private Iterator<PeerId> cursor;

    /**
     * @param maxPerPeer most queued requests per client (beyond that a Want is a protocol violation)
     * @param uploads upload counts, possibly shared between several queues of one node
     */
    public ServeQueue(int maxPerPeer, UploadCounts uploads) {
        this.maxPerPeer = maxPerPeer;
        this.uploads = uploads;
    }

    public record Job(PeerId peer, Cid cid) {}

    /** Queues requests; throws when the client has more outstanding than allowed. */
    public void enqueue(PeerId peer, List<Cid> cids) {
        ArrayDeque<Cid> q = queues.computeIfAbsent(peer, k -> new ArrayDeque<>());
        if (q.size() + cids.size() > maxPerPeer) {
            throw new ProtocolViolationException("peer " + peer + " has more than " + maxPerPeer + " outstanding block requests");
        }
        for (Cid c : cids) if (!q.contains(c)) q.add(c);
        cursor = null;
    }

    public void cancel(PeerId peer, List<Cid> cids) {
        ArrayDeque<Cid> q = queues.get(peer);
        if (q != null) q.removeAll(cids);
    }

    public void peerGone(PeerId peer) {
        queues.remove(peer);
        cursor = null;
    }

    public int queued(PeerId peer) {
        ArrayDeque<Cid> q = queues.get(peer);
        return q == null ? 0 : q.size();
    }

    public boolean isEmpty() {
        return queues.values().stream().allMatch(ArrayDeque::isEmpty);
    }

    /** The next block to send, removed from the queue; empty when nothing is queued. */
    public Optional<Job> next() {
        for (int pass = 0; pass < 2; pass++) {
            if (cursor == null || !cursor.hasNext()) cursor = new ArrayList<>(queues.keySet()).iterator();
            while (cursor.hasNext()) {
                PeerId peer = cursor.next();
                ArrayDeque<Cid> q = queues.get(peer);
                if (q == null || q.isEmpty()) continue;
                Cid pick = null;
                int least = Integer.MAX_VALUE;
                for (Cid c : q) {
                    int n = uploads.count(c);
                    if (n < least) {
                        least = n;
                        pick = c;
                        if (n == 0) break;
                    }
                }
                q.remove(pick);
                return Optional.of(new Job(peer, pick));
            }
        }
        return Optional.empty();
    }

    /** Records that {@code cid} was uploaded once more (call when it is actually sent). */
    public void uploaded(Cid cid) {
        uploads.add(cid);
    }
}
