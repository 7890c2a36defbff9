package io.phoenix.protocol.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.testing.TestPeers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The scheduler's memory bound: a window of live wants, peers' holdings by position. */
class FetchSchedulerWindowTest {
    static final PeerId SEED = TestPeers.peer(1);
    static final PeerId PARTIAL = TestPeers.peer(2);

    static byte[] block(long i) {
        return ByteBuffer.allocate(8).putLong(i).array();
    }

    @Test
    void aFetchOfTwentyWindowsNeverHoldsMoreThanTheWindow() {
        int window = 1024;
        long total = 20L * window; // the bound is per window: twenty of them prove it as well as a million entries
        AtomicInteger sets = new AtomicInteger();
        FetchScheduler s = new FetchScheduler(FetchConfig.defaults().withMaxLiveWants(window).withInitialWindow(64), new Random(1));
        s.index(total, size -> {
            sets.incrementAndGet();
            return PositionSet.inHeap().create(size);
        });
        s.peerConnected(SEED);
        s.peerComplete(SEED);
        long next = 0;
        long received = 0;
        int maxLive = 0;
        long now = 0;
        while (next < total || !s.isComplete()) {
            while (s.room() > 0 && next < total) {
                long p = next++;
                s.want(new Wanted(Cid.ofRaw(block(p)), p, 0, 8));
            }
            maxLive = Math.max(maxLive, s.remaining());
            for (FetchAction a : s.poll(now)) {
                if (!(a instanceof FetchAction.Want w)) continue;
                for (Cid c : w.cids()) {
                    long p = s.positions(c)[0];
                    assertEquals(Arrival.ACCEPTED, s.onBlock(SEED, c, block(p), now));
                    received++;
                }
            }
            now++;
        }
        assertEquals(total, received);
        assertEquals(total, s.wantedCount());
        assertEquals(window, maxLive, "the window was never full, or overflowed");
        assertEquals(0, sets.get(), "a complete peer needs no position set");
    }

    @Test
    void aWantBeyondTheWindowIsRefused() {
        FetchScheduler s = new FetchScheduler(FetchConfig.defaults().withMaxLiveWants(2), new Random(1));
        s.want(new Wanted(Cid.ofRaw(block(0)), 0, 0, 8));
        s.want(new Wanted(Cid.ofRaw(block(1)), 1, 0, 8));
        assertEquals(0, s.room());
        // the same CID at another position joins its entry and takes no room
        s.want(new Wanted(Cid.ofRaw(block(1)), 7, 0, 8));
        assertArrayEquals(new long[] {1, 7}, s.positions(Cid.ofRaw(block(1))));
        assertThrows(IllegalStateException.class, () -> s.want(new Wanted(Cid.ofRaw(block(2)), 2, 0, 8)));
        assertEquals(Arrival.ACCEPTED, s.onBlock(SEED, Cid.ofRaw(block(0)), block(0), 0));
        assertEquals(1, s.room(), "an arrived block leaves the window");
    }

    @Test
    void holdingsAreKeptByPositionAlsoForEntriesNotYetWanted() {
        FetchScheduler s = new FetchScheduler(FetchConfig.defaults().withMaxLiveWants(4), new Random(1));
        s.index(100, PositionSet.inHeap());
        s.peerConnected(PARTIAL);
        byte[] bitmap = new byte[13];
        bitmap[50 / 8] |= 1 << (50 % 8); // a Holdings window naming position 50 before it is wanted
        s.peerHolds(PARTIAL, 0, bitmap);
        s.peerHas(PARTIAL, 60); // a Have
        Cid c50 = Cid.ofRaw(block(50));
        Cid c60 = Cid.ofRaw(block(60));
        Cid c70 = Cid.ofRaw(block(70));
        s.want(List.of(new Wanted(c50, 50, 0, 8), new Wanted(c60, 60, 0, 8),
                new Wanted(c70, 70, 0, 8)));
        List<Cid> asked = s.poll(0).stream().filter(a -> a instanceof FetchAction.Want)
                .flatMap(a -> ((FetchAction.Want) a).cids().stream()).sorted().toList();
        assertEquals(List.of(c50, c60).stream().sorted().toList(), asked);
    }

    @Test
    void aCompletePeerThatLostABlockIsNotAskedForItAgain() {
        FetchScheduler s = new FetchScheduler(FetchConfig.defaults(), new Random(1));
        s.index(2, PositionSet.inHeap());
        s.peerConnected(SEED);
        s.peerComplete(SEED);
        Cid c = Cid.ofRaw(block(0));
        s.want(new Wanted(c, 0, 0, 8));
        assertEquals(1, s.poll(0).size());
        s.dontHave(SEED, List.of(c));
        assertTrue(s.poll(1).isEmpty(), "asked the seed again for a block it said it lost");
        s.peerHas(SEED, 0); // it found it again
        assertEquals(1, s.poll(2).size());
    }
}
