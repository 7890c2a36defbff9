package io.phoenix.swarm.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.exchange.ExchangeOptions;
import io.phoenix.protocol.exchange.FetchConfig;
import io.phoenix.protocol.exchange.UploadCounts;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.testing.TestPeers;
import io.phoenix.protocol.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The node's upload queue with its thread, in virtual time: one global order, and few blocks committed at once. */
class UploaderTest {
    record Delivery(FakeClient client, Cid cid, long reserved) {}

    /** A serving stream that records what it is handed; the test "writes" it by calling sent(). */
    static final class FakeClient implements Uploader.Client {
        final PeerId peer;
        final LinkedBlockingQueue<Delivery> out;
        final AtomicInteger inFlight;
        final AtomicInteger maxInFlight;

        FakeClient(int n, LinkedBlockingQueue<Delivery> out, AtomicInteger inFlight, AtomicInteger maxInFlight) {
            this.peer = TestPeers.peer(n);
            this.out = out;
            this.inFlight = inFlight;
            this.maxInFlight = maxInFlight;
        }

        @Override
        public PeerId peer() {
            return peer;
        }

        @Override
        public void deliver(Cid cid, long reservedBytes) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            out.add(new Delivery(this, cid, reservedBytes));
        }
    }

    static Cid cid(int i) {
        return Cid.ofRaw(new byte[] {(byte) i, 42});
    }

    @Test
    void withANodeWideLimitAtMostTwoBlocksAreInFlightAndFreshBlocksGoFirst() throws Exception {
        // a limit so high that the bucket never waits: only the in-flight cap and the order matter
        ExchangeOptions options = new ExchangeOptions(1L << 40, 0, 1L << 30, FetchConfig.defaults());
        LinkedBlockingQueue<Delivery> out = new LinkedBlockingQueue<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        try (VirtualScheduler virtual = new VirtualScheduler(Instant.EPOCH);
                Uploader u = new Uploader(options, new UploadCounts(100), virtual)) {
            List<FakeClient> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) clients.add(new FakeClient(i + 1, out, inFlight, max));
            // every client asks for block 0 and for one block of its own
            for (int i = 0; i < 4; i++) u.enqueue(clients.get(i), List.of(cid(0), cid(10 + i)));
            u.start();
            List<Cid> order = new ArrayList<>();
            Map<Cid, Integer> copies = new HashMap<>();
            for (int n = 0; n < 8; n++) {
                virtual.runUntil(() -> !out.isEmpty(), Duration.ofSeconds(10));
                Delivery d = out.poll();
                assertNotNull(d, "the uploader stopped after " + n + " blocks");
                order.add(d.cid());
                copies.merge(d.cid(), 1, Integer::sum);
                inFlight.decrementAndGet();
                u.sent(d.client(), d.cid(), d.reserved(), 1_000);
            }
            assertTrue(max.get() <= Uploader.MAX_IN_FLIGHT_THROTTLED, "in flight at once: " + max.get());
            assertEquals(4, copies.get(cid(0)));
            // the five distinct blocks (block 0 once, each client's own) before any copy of block 0
            assertEquals(5, order.subList(0, 5).stream().distinct().count(), order.toString());
        }
    }
}
