package io.phoenix.protocol.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.testing.TestPeers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Download limits of the pure scheduler, in virtual time: requests are paced so that what is asked for stays within the limits. */
class FetchSchedulerDownloadLimitTest {
    static final PeerId P = TestPeers.peer(1);
    static final PeerId Q = TestPeers.peer(2);
    /** A wide window, so that only the limits hold requests back. */
    static final FetchConfig WIDE = new FetchConfig(64, 64, 32L << 20, 500, 60_000, 60_000, 100, 1_000, 4.0);

    final Map<Cid, byte[]> data = new HashMap<>();

    List<Wanted> blocks(int n, int seed) {
        List<Wanted> out = new ArrayList<>();
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[100];
            r.nextBytes(b);
            Cid c = Cid.ofRaw(b);
            data.put(c, b);
            out.add(new Wanted(c, i, 0, 100));
        }
        return out;
    }

    /** Polls every 10 ms of virtual time until {@code endMillis}, each block arriving as soon as it is asked for; bytes asked per peer. */
    Map<PeerId, Long> run(List<FetchScheduler> schedulers, long endMillis) {
        Map<PeerId, Long> asked = new HashMap<>();
        Random order = new Random(9);
        for (long now = 0; now <= endMillis; now += 10) {
            int first = order.nextInt(schedulers.size()); // fetches poll in no fixed order
            for (int k = 0; k < schedulers.size(); k++) {
                FetchScheduler s = schedulers.get((first + k) % schedulers.size());
                for (FetchAction a : s.poll(now)) {
                    if (!(a instanceof FetchAction.Want w)) continue;
                    for (Cid c : w.cids()) {
                        asked.merge(w.peer(), 100L, Long::sum);
                        assertEquals(Arrival.ACCEPTED, s.onBlock(w.peer(), c, data.get(c), now));
                    }
                }
            }
        }
        return asked;
    }

    @Test
    void globalDownloadLimitPacesRequests() {
        TokenBucket limit = new TokenBucket(1_000, 200, 0); // 1,000 B/s, 200 B burst
        FetchScheduler s = new FetchScheduler(WIDE, new Random(1), limit, 0, 200);
        s.want(blocks(1_000, 1));
        s.peerConnected(P);
        s.peerHas(P, new ArrayList<>(data.keySet()));
        List<FetchAction> first = s.poll(0);
        long firstBytes = first.stream().filter(a -> a instanceof FetchAction.Want).mapToLong(a -> 100L * ((FetchAction.Want) a).cids().size()).sum();
        assertTrue(firstBytes <= 300, "the first poll asked for " + firstBytes + " B with a 200 B burst");
        assertTrue(s.nextDeadline() > 0 && s.nextDeadline() <= 200, "the driver must poll again when the budget returns: " + s.nextDeadline());
        for (FetchAction a : first) for (Cid c : ((FetchAction.Want) a).cids()) s.onBlock(P, c, data.get(c), 0);
        long asked = run(List.of(s), 10_000).get(P) + firstBytes;
        // 10 s at 1,000 B/s, plus the burst and one block of overdraft
        assertTrue(asked <= 10_000 + 200 + 100, "asked for " + asked + " B in 10 s");
        assertTrue(asked >= 9_000, "the limit starved the fetch: " + asked + " B in 10 s");
    }

    @Test
    void perPeerDownloadLimitHoldsForEachPeer() {
        FetchScheduler s = new FetchScheduler(WIDE, new Random(2), null, 500, 200);
        s.want(blocks(1_000, 2));
        for (PeerId p : List.of(P, Q)) {
            s.peerConnected(p);
            s.peerHas(p, new ArrayList<>(data.keySet()));
        }
        Map<PeerId, Long> asked = run(List.of(s), 10_000);
        for (PeerId p : List.of(P, Q)) {
            long b = asked.getOrDefault(p, 0L);
            assertTrue(b <= 5_000 + 200 + 100, p + " was asked for " + b + " B in 10 s at 500 B/s");
            assertTrue(b >= 4_000, p + " was hardly used: " + b + " B");
        }
    }

    @Test
    void fetchesSharingTheNodesLimitStayWithinItTogether() {
        TokenBucket limit = new TokenBucket(1_000, 200, 0);
        FetchScheduler a = new FetchScheduler(WIDE, new Random(3), limit, 0, 200);
        FetchScheduler b = new FetchScheduler(WIDE, new Random(4), limit, 0, 200);
        List<Wanted> wa = blocks(500, 3);
        List<Wanted> wb = blocks(500, 4);
        a.want(wa);
        b.want(wb);
        a.peerConnected(P);
        a.peerHas(P, wa.stream().map(Wanted::cid).toList());
        b.peerConnected(Q);
        b.peerHas(Q, wb.stream().map(Wanted::cid).toList());
        Map<PeerId, Long> asked = run(List.of(a, b), 10_000);
        long total = asked.getOrDefault(P, 0L) + asked.getOrDefault(Q, 0L);
        assertTrue(total <= 10_000 + 200 + 200, "two fetches asked for " + total + " B in 10 s at 1,000 B/s");
        assertTrue(asked.getOrDefault(P, 0L) > 0 && asked.getOrDefault(Q, 0L) > 0, asked.toString());
    }

    @Test
    void bytesThatArriveUnaskedAreCharged() {
        TokenBucket limit = new TokenBucket(1_000, 200, 0);
        FetchScheduler s = new FetchScheduler(WIDE, new Random(5), limit, 0, 200);
        s.want(blocks(10, 5));
        s.peerConnected(P);
        Cid c = data.keySet().iterator().next();
        // a block nobody asked for (a late answer after a Cancel) still used the link
        s.onBlock(P, c, data.get(c), 0);
        assertEquals(100, limit.available(0), 1e-6);
    }
}
