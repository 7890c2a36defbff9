package io.phoenix.swarm.heads;

import io.phoenix.protocol.exchange.Wanted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.exchange.ExchangeOptions;
import io.phoenix.protocol.exchange.FetchScheduler;
import io.phoenix.protocol.exchange.SnapshotIndex;
import io.phoenix.protocol.exchange.SnapshotWants;
import io.phoenix.protocol.heads.HeadsView;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.memory.MemoryHost;
import io.phoenix.protocol.p2p.memory.MemoryNetwork;
import io.phoenix.protocol.swarm.Head;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.SwarmGate;
import io.phoenix.protocol.testing.MapBlockStore;
import io.phoenix.protocol.testing.TestPeers;
import io.phoenix.protocol.time.VirtualScheduler;
import io.phoenix.swarm.exchange.BlockExchange;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node that was away while three snapshots were taken connects and catches up through
 * anti-entropy alone (no pubsub): it learns the heads, fetches the newest manifest, then its
 * blocks from whoever holds them, and learns the others' replication receipts. In virtual time.
 */
class LateJoinerCatchUpTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    final VirtualScheduler virtual = new VirtualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
    final List<AutoCloseable> open = new ArrayList<>(List.of(virtual));

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
    }

    /** A node: host, store, block exchange, anti-entropy, and the snapshots it holds complete. */
    final class Node {
        final IdentityKey key;
        final MemoryHost host;
        final MapBlockStore store = new MapBlockStore();
        final BlockExchange exchange;
        final HeadsExchange heads;
        final List<Head> myHeads = new CopyOnWriteArrayList<>();
        final Set<Cid> complete = ConcurrentHashMap.newKeySet();
        final Set<Cid> fetching = ConcurrentHashMap.newKeySet();
        final CompletableFuture<Cid> caughtUp = new CompletableFuture<>();

        Node(MemoryNetwork net, IdentityKey key, SwarmDefinition def) {
            this.key = key;
            this.host = net.newHost(key.peerId());
            SwarmGate gate = new SwarmGate(def);
            this.exchange = new BlockExchange(host, store, gate, ExchangeOptions.defaults(), virtual, new Random(7));
            this.heads = new HeadsExchange(host, gate, () -> new HeadsView(myHeads, complete, List.of()),
                    m -> complete.contains(m) || fetching.contains(m), new HeadsExchange.Listener() {
                        @Override
                        public void missing(PeerId from, Head head) {
                            catchUp(from, head);
                        }
                    }, 60_000, virtual);
            open.add(host);
            open.add(exchange);
            open.add(heads);
            exchange.start();
            heads.start();
        }

        void catchUp(PeerId from, Head head) {
            if (!fetching.add(head.manifest())) return;
            try {
                exchange.fetchBlocks(List.of(head.manifest()), List.of(from)).thenCompose(r -> {
                    try {
                        List<Cid> index = decodeIndex(store.get(head.manifest()));
                        return exchange.fetch(head.manifest(), SnapshotIndex.of(index), SnapshotWants.of(wanted(index)));
                    } catch (Exception e) {
                        return CompletableFuture.failedFuture(e);
                    }
                }).whenComplete((r, e) -> {
                    if (e != null) {
                        caughtUp.completeExceptionally(e);
                        return;
                    }
                    complete.add(head.manifest());
                    myHeads.add(head);
                    heads.addReceipt(ReplicationReceipt.sign(key, headsSwarm, head.manifest(),
                            head.sequence(), virtual.now().toEpochMilli()));
                    caughtUp.complete(head.manifest());
                });
            } catch (Exception e) {
                caughtUp.completeExceptionally(e);
            }
        }

        /** Publishes a snapshot this node holds: blocks and the toy manifest listing them. */
        Head snapshot(int seq, int blocks) throws Exception {
            Random r = new Random(seq);
            List<Cid> index = new ArrayList<>();
            for (int i = 0; i < blocks; i++) {
                byte[] b = new byte[4096];
                r.nextBytes(b);
                Cid c = Cid.ofRaw(b);
                store.put(c, b);
                index.add(c);
            }
            byte[] manifest = encodeIndex(index);
            Cid m = Cid.ofRaw(manifest);
            store.put(m, manifest);
            exchange.register(m, index.size());
            Head h = new Head(m, seq, 1_000L * seq);
            myHeads.clear(); // the new snapshot's parent is the previous head: only it is a head now
            myHeads.add(h);
            complete.add(m);
            heads.addReceipt(ReplicationReceipt.sign(key, headsSwarm, m, seq, virtual.now().toEpochMilli()));
            return h;
        }
    }

    io.phoenix.protocol.swarm.SwarmId headsSwarm;

    static byte[] encodeIndex(List<Cid> index) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Cid c : index) out.writeBytes(c.toBytes());
        return out.toByteArray();
    }

    static List<Cid> decodeIndex(byte[] manifest) {
        ByteBuffer buf = ByteBuffer.wrap(manifest);
        List<Cid> out = new ArrayList<>();
        while (buf.hasRemaining()) out.add(Cid.read(buf));
        return out;
    }

    static List<Wanted> wanted(List<Cid> index) {
        List<Wanted> out = new ArrayList<>();
        for (int i = 0; i < index.size(); i++) out.add(new Wanted(index.get(i), i, 0, 4096));
        return out;
    }

    @Test
    void lateJoinerCatchesUpThroughAntiEntropy() throws Exception {
        IdentityKey a = TestPeers.identity(11);
        IdentityKey b = TestPeers.identity(12);
        IdentityKey c = TestPeers.identity(13);
        SwarmDefinition def = new SwarmDefinition("late", List.of(new Site("a", a.peerId(), List.of(), SiteRole.FULL),
                new Site("b", b.peerId(), List.of(), SiteRole.STORAGE), new Site("c", c.peerId(), List.of(), SiteRole.EDGE)),
                List.of(), List.of());
        headsSwarm = def.id();
        MemoryNetwork net = new MemoryNetwork(virtual);
        Node na = new Node(net, a, def);
        Node nb = new Node(net, b, def);
        na.snapshot(1, 20);
        na.snapshot(2, 20);
        Head latest = na.snapshot(3, 40);
        nb.host.connect(na.host.listenAddresses().get(0)).join();
        assertEquals(latest.manifest(), virtual.get(nb.caughtUp, WAIT));

        Node nc = new Node(net, c, def); // was away for all three snapshots
        nc.host.connect(nb.host.listenAddresses().get(0)).join();
        nc.host.connect(na.host.listenAddresses().get(0)).join();
        assertEquals(latest.manifest(), virtual.get(nc.caughtUp, WAIT));
        assertEquals(41, nc.store.count()); // the manifest and its 40 blocks
        for (Cid cid : decodeIndex(nc.store.get(latest.manifest()))) assertTrue(nc.store.has(cid));
        // receipts travel with the heads: c learns who holds the snapshot verified
        nc.heads.tick();
        nc.heads.exchangeWith(na.host.peerId());
        virtual.runUntil(() -> nc.heads.receipts().stream().anyMatch(r -> r.site().equals(a.peerId()) && r.manifest().equals(latest.manifest())),
                WAIT);
    }
}
