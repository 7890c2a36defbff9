package io.phoenix.protocol.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.testing.TestPeers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FetchSchedulerTest {
    static final PeerId P = TestPeers.peer(1);
    static final PeerId Q = TestPeers.peer(2);

    static byte[] block(int i) {
        byte[] b = new byte[100];
        new Random(i).nextBytes(b);
        return b;
    }

    static List<Cid> cids(int n) {
        List<Cid> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(Cid.ofRaw(block(i)));
        return out;
    }

    static FetchScheduler scheduler(List<Cid> cids, long... priorities) {
        FetchScheduler s = new FetchScheduler(FetchConfig.defaults(), new Random(5));
        List<Wanted> w = new ArrayList<>();
        for (int i = 0; i < cids.size(); i++) w.add(new Wanted(cids.get(i), i, priorities.length > i ? priorities[i] : 0, 100));
        s.want(w);
        return s;
    }

    static List<Cid> wanted(List<FetchAction> actions, PeerId peer) {
        return actions.stream().filter(a -> a instanceof FetchAction.Want && a.peer().equals(peer))
                .flatMap(a -> ((FetchAction.Want) a).cids().stream()).toList();
    }

    @Test
    void higherPriorityIsRequestedFirstWithinTheWindow() {
        List<Cid> c = cids(8);
        FetchScheduler s = scheduler(c, 3, 3, 2, 2, 1, 1, 0, 0);
        s.peerConnected(P);
        s.peerHas(P, c);
        List<Cid> first = wanted(s.poll(0), P);
        assertEquals(4, first.size()); // initial window
        assertTrue(first.containsAll(List.of(c.get(6), c.get(7), c.get(4), c.get(5))), first.toString());
    }

    @Test
    void rarestBlockFirstWithinAPriority() {
        List<Cid> c = cids(6);
        FetchScheduler s = scheduler(c);
        s.peerConnected(P);
        s.peerConnected(Q);
        s.peerHas(P, c);
        s.peerHas(Q, c.subList(0, 5)); // c5 only at P
        List<FetchAction> a = s.poll(0);
        assertTrue(wanted(a, P).contains(c.get(5)), a.toString());
    }

    /**
     * The whole order, on a window of mixed priorities and holder counts: every batch asks in
     * (priority, fewest holders, random tiebreak, want order). The scheduler keeps its window by
     * (priority, tiebreak) and distributes it by holder count at each poll instead of sorting it;
     * this is the order a full sort gave.
     */
    @Test
    void everyBatchFollowsPriorityThenRarityThenTiebreak() {
        PeerId r = TestPeers.peer(3);
        int n = 300;
        List<Cid> c = cids(n);
        Random rnd = new Random(9);
        long[] priority = new long[n];
        FetchScheduler s = new FetchScheduler(FetchConfig.defaults().withInitialWindow(n), new Random(5));
        for (int i = 0; i < n; i++) {
            priority[i] = rnd.nextInt(3);
            s.want(new Wanted(c.get(i), i, priority[i], 100));
        }
        Random tiebreaks = new Random(5); // the scheduler draws one per new entry, in want order
        int[] tiebreak = new int[n];
        for (int i = 0; i < n; i++) tiebreak[i] = tiebreaks.nextInt();
        for (PeerId p : List.of(P, Q, r)) s.peerConnected(p);
        s.peerHas(P, c);
        int[] holders = new int[n];
        Arrays.fill(holders, 1);
        for (PeerId p : List.of(Q, r)) {
            for (int i = 0; i < n; i++) {
                if (rnd.nextInt(3) == 0) {
                    s.peerHas(p, i);
                    holders[i]++;
                }
            }
        }
        Comparator<Integer> order = Comparator.<Integer>comparingLong(i -> priority[i])
                .thenComparingInt(i -> holders[i]).thenComparingInt(i -> tiebreak[i]).thenComparingInt(i -> i);
        List<FetchAction> actions = s.poll(0);
        int asked = 0;
        for (FetchAction a : actions) {
            if (!(a instanceof FetchAction.Want w)) continue;
            List<Integer> idx = w.cids().stream().map(c::indexOf).toList();
            List<Integer> sorted = new ArrayList<>(idx);
            sorted.sort(order);
            assertEquals(sorted, idx, "batch to " + w.peer());
            asked += idx.size();
        }
        assertEquals(n, asked, "every block is asked of someone with room");
        assertTrue(wanted(actions, Q).size() > 0 && wanted(actions, P).size() > 0, "the batches mix holder counts");
    }

    @Test
    void nothingIsRequestedFromPeersThatDoNotHoldIt() {
        List<Cid> c = cids(3);
        FetchScheduler s = scheduler(c);
        s.peerConnected(P);
        assertTrue(s.poll(0).isEmpty());
        s.peerHas(P, c.get(1));
        assertEquals(List.of(c.get(1)), wanted(s.poll(1), P));
    }

    @Test
    void verifiedBlockIsAcceptedAndCompletes() {
        List<Cid> c = cids(2);
        FetchScheduler s = scheduler(c);
        s.peerConnected(P);
        s.peerHas(P, c);
        s.poll(0);
        assertEquals(Arrival.ACCEPTED, s.onBlock(P, c.get(0), block(0), 10));
        assertEquals(Arrival.DUPLICATE, s.onBlock(P, c.get(0), block(0), 11));
        assertFalse(s.isComplete());
        assertEquals(Arrival.ACCEPTED, s.onBlock(P, c.get(1), block(1), 12));
        assertTrue(s.isComplete());
    }

    @Test
    void peerSendingBadBlocksIsDisconnected() {
        List<Cid> c = cids(1);
        FetchScheduler s = scheduler(c);
        s.peerConnected(P);
        s.peerConnected(Q);
        s.peerHas(P, c);
        s.peerHas(Q, c);
        List<FetchAction> a = s.poll(0);
        PeerId asked = a.get(0).peer();
        PeerId other = asked.equals(P) ? Q : P;
        byte[] bad = block(0);
        bad[0] ^= 1;
        assertEquals(Arrival.BAD, s.onBlock(asked, c.get(0), bad, 5));
        List<FetchAction> next = s.poll(6);
        assertTrue(next.contains(new FetchAction.Disconnect(asked, "sent block " + c.get(0) + " whose bytes do not hash to its CID")), next.toString());
        assertEquals(List.of(c.get(0)), wanted(next, other));
        assertTrue(s.isBanned(asked));
        s.peerConnected(asked); // reconnect attempt is ignored
        assertEquals(Arrival.ACCEPTED, s.onBlock(other, c.get(0), block(0), 9));
        assertTrue(s.isComplete());
    }

    @Test
    void unsolicitedBadBlockAlsoBans() {
        List<Cid> c = cids(1);
        FetchScheduler s = scheduler(c);
        s.peerConnected(P);
        byte[] bad = block(0);
        bad[1] ^= 1;
        assertEquals(Arrival.BAD, s.onBlock(P, c.get(0), bad, 1));
        assertTrue(s.isBanned(P));
    }

    @Test
    void timedOutRequestIsCancelledAndAskedElsewhere() {
        List<Cid> c = cids(1);
        FetchScheduler s = scheduler(c);
        s.peerConnected(P);
        s.peerHas(P, c);
        assertEquals(List.of(c.get(0)), wanted(s.poll(0), P));
        long deadline = s.nextDeadline();
        assertEquals(FetchConfig.defaults().minTimeoutMillis(), deadline);
        assertTrue(s.poll(deadline - 1).isEmpty());
        s.peerConnected(Q);
        s.peerHas(Q, c);
        List<FetchAction> a = s.poll(deadline);
        assertTrue(a.contains(new FetchAction.Cancel(P, List.of(c.get(0)))), a.toString());
        assertEquals(List.of(c.get(0)), wanted(a, Q));
        assertEquals(1, s.timeouts());
    }

    @Test
    void timedOutRequestIsRetriedAtTheOnlyHolder() {
        List<Cid> c = cids(1);
        FetchScheduler s = scheduler(c);
        s.peerConnected(P);
        s.peerHas(P, c);
        s.poll(0);
        List<FetchAction> a = s.poll(s.nextDeadline());
        assertEquals(List.of(c.get(0)), wanted(a, P));
    }

    @Test
    void dontHaveMovesTheRequestToAnotherHolder() {
        List<Cid> c = cids(1);
        FetchScheduler s = scheduler(c);
        s.peerConnected(P);
        s.peerConnected(Q);
        s.peerHas(P, c);
        s.peerHas(Q, c);
        PeerId asked = s.poll(0).get(0).peer();
        PeerId other = asked.equals(P) ? Q : P;
        s.dontHave(asked, c);
        assertEquals(List.of(c.get(0)), wanted(s.poll(1), other));
    }

    @Test
    void disconnectReleasesInFlightRequests() {
        List<Cid> c = cids(2);
        FetchScheduler s = scheduler(c);
        s.peerConnected(P);
        s.peerHas(P, c);
        assertEquals(2, wanted(s.poll(0), P).size());
        s.peerDisconnected(P);
        s.peerConnected(Q);
        s.peerHas(Q, c);
        assertEquals(2, wanted(s.poll(1), Q).size());
    }

    @Test
    void blockFromAnotherPeerCancelsTheOutstandingRequest() {
        List<Cid> c = cids(1);
        FetchScheduler s = scheduler(c);
        s.peerConnected(P);
        s.peerConnected(Q);
        s.peerHas(P, c);
        PeerId asked = s.poll(0).get(0).peer();
        assertEquals(P, asked);
        assertEquals(Arrival.ACCEPTED, s.onBlock(Q, c.get(0), block(0), 3));
        assertEquals(List.of(new FetchAction.Cancel(P, List.of(c.get(0)))), s.poll(4));
    }

    @Test
    void seedIsAvoidedWhenAPartialHolderHasTheBlock() {
        List<Cid> c = cids(4);
        FetchScheduler s = scheduler(c);
        s.peerConnected(P);
        s.peerConnected(Q);
        s.peerHas(P, c); // seed
        s.peerHas(Q, c.subList(0, 2));
        List<FetchAction> a = s.poll(0);
        assertEquals(List.of(c.get(0), c.get(1)).stream().sorted().toList(), wanted(a, Q).stream().sorted().toList());
        assertEquals(List.of(c.get(2), c.get(3)).stream().sorted().toList(), wanted(a, P).stream().sorted().toList());
    }

    @Test
    void alreadyHeldBlocksAreNotFetched() {
        List<Cid> c = cids(2);
        FetchScheduler s = scheduler(c);
        s.alreadyHave(c.get(0));
        s.peerConnected(P);
        s.peerHas(P, c);
        assertEquals(List.of(c.get(1)), wanted(s.poll(0), P));
        assertEquals(1, s.remaining());
    }
}
