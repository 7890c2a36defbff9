package io.phoenix.swarm.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.exchange.ExchangeOptions;
import io.phoenix.protocol.exchange.FetchConfig;
import io.phoenix.protocol.exchange.FetchResult;
import io.phoenix.protocol.exchange.FetchScheduler;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.memory.MemoryHost;
import io.phoenix.protocol.p2p.memory.MemoryNetwork;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.SwarmGate;
import io.phoenix.protocol.testing.MapBlockStore;
import io.phoenix.protocol.testing.TestPeers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The block exchange binding over the in-memory network: real threads, real streams, no sockets. */
class BlockExchangeMemoryTest {
    static final int BLOCK = 16 * 1024;
    final List<AutoCloseable> open = new ArrayList<>();

    record Node(MemoryHost host, MapBlockStore store, BlockExchange exchange) {}

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
    }

    static List<byte[]> blocks(int n, long seed) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[BLOCK];
            r.nextBytes(b);
            out.add(b);
        }
        return out;
    }

    static List<FetchScheduler.Wanted> index(List<byte[]> blocks) {
        List<FetchScheduler.Wanted> out = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) out.add(new FetchScheduler.Wanted(Cid.ofRaw(blocks.get(i)), i / 50, BLOCK));
        return out;
    }

    SwarmDefinition swarm(int nodes) {
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < nodes; i++) sites.add(new Site("n" + i, TestPeers.peer(100 + i), List.of(), SiteRole.FULL));
        return new SwarmDefinition("test", sites, List.of(), List.of());
    }

    List<Node> network(int n, SwarmDefinition def, ExchangeOptions options, int corruptNode) {
        MemoryNetwork net = new MemoryNetwork();
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MemoryHost h = net.newHost(TestPeers.peer(100 + i));
            MapBlockStore store = new MapBlockStore();
            BlockExchange ex = new BlockExchange(h, i == corruptNode ? io.phoenix.protocol.store.CorruptingBlockStore.flippingEveryBlock(store) : store,
                    new SwarmGate(def), options, new Random(i), System::nanoTime);
            ex.start();
            open.add(h);
            open.add(ex);
            nodes.add(new Node(h, store, ex));
        }
        return nodes;
    }

    static void connectAll(List<Node> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                Multiaddr a = nodes.get(j).host().listenAddresses().get(0);
                nodes.get(i).host().connect(a).join();
            }
        }
    }

    static void seed(Node origin, List<byte[]> blocks, Cid manifest) throws Exception {
        for (byte[] b : blocks) origin.store().put(Cid.ofRaw(b), b);
        origin.exchange().register(manifest, index(blocks).stream().map(FetchScheduler.Wanted::cid).toList());
    }

    @Test
    void nineFetchersSwarmAndTheOriginUploadsAboutOnce() throws Exception {
        SwarmDefinition def = swarm(10);
        // 4 MB/s per node: one copy of the 3.2 MB snapshot takes the origin ~0.8 s
        ExchangeOptions opts = new ExchangeOptions(4_000_000, 0, 256 * 1024, FetchConfig.defaults());
        List<Node> nodes = network(10, def, opts, -1);
        connectAll(nodes);
        List<byte[]> blocks = blocks(200, 1);
        Cid manifest = Cid.ofRaw("manifest-1".getBytes());
        seed(nodes.get(0), blocks, manifest);
        List<CompletableFuture<FetchResult>> results = new ArrayList<>();
        for (Node n : nodes.subList(1, 10)) results.add(n.exchange().fetch(manifest, index(blocks)));
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (Node n : nodes) assertEquals(200, n.store().count());
        long snapshot = 200L * BLOCK;
        double ratio = nodes.get(0).exchange().uploadedBytes() / (double) snapshot;
        long total = nodes.stream().mapToLong(n -> n.exchange().uploadedBytes()).sum();
        System.out.printf("memory swarm: origin sent %.2fx the snapshot, all nodes sent %.2fx%n", ratio, total / (double) snapshot);
        // Real threads share two cores with the rest of the build, so the exact ratio depends on
        // scheduling: 1.02-1.04x measured when it runs alone, once 1.40x and once 2.07x inside a
        // full build (a fresh-clone .ci/run, 2026-12-06). A sequential copy would cost the origin
        // 9x. The 1.5x bound of the design is asserted in virtual time, where scheduling cannot
        // move it (SwarmingSimulationTest); here the real stack must show that the fetchers swarm.
        assertTrue(ratio <= 3.0, "origin sent " + ratio + "x the snapshot: the fetchers did not swarm");
        assertTrue(total >= 9L * snapshot, "every fetcher received the whole snapshot");
    }

    @Test
    void peerServingCorruptedBlocksIsDisconnectedAndEveryoneCompletes() throws Exception {
        SwarmDefinition def = swarm(5);
        List<Node> nodes = network(5, def, new ExchangeOptions(4_000_000, 0, 256 * 1024, FetchConfig.defaults()), 4);
        connectAll(nodes);
        List<byte[]> blocks = blocks(100, 2);
        Cid manifest = Cid.ofRaw("manifest-2".getBytes());
        seed(nodes.get(0), blocks, manifest);
        seed(nodes.get(4), blocks, manifest); // the bad peer claims everything and corrupts it on the way out
        List<CompletableFuture<FetchResult>> results = new ArrayList<>();
        for (Node n : nodes.subList(1, 4)) results.add(n.exchange().fetch(manifest, index(blocks)));
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        PeerId bad = nodes.get(4).host().peerId();
        long sawBad = 0;
        for (int i = 1; i < 4; i++) {
            assertEquals(100, nodes.get(i).store().count());
            FetchResult r = results.get(i - 1).join();
            if (r.badBlocks() > 0) {
                sawBad++;
                assertTrue(r.bannedPeers().contains(bad), r.toString());
                assertTrue(nodes.get(i).exchange().isBanned(bad));
                assertFalse(nodes.get(i).host().connectedPeers().contains(bad));
            }
        }
        assertTrue(sawBad >= 1, "no fetcher ever asked the bad peer; the test proves nothing");
    }

    @Test
    void strangerIsRefused() throws Exception {
        SwarmDefinition def = swarm(2);
        MemoryNetwork net = new MemoryNetwork();
        MemoryHost a = net.newHost(TestPeers.peer(100));
        MemoryHost stranger = net.newHost(TestPeers.peer(999));
        open.add(a);
        open.add(stranger);
        MapBlockStore store = new MapBlockStore();
        List<byte[]> blocks = blocks(3, 3);
        for (byte[] b : blocks) store.put(Cid.ofRaw(b), b);
        BlockExchange serving = new BlockExchange(a, store, new SwarmGate(def), ExchangeOptions.defaults(), new Random(1), System::nanoTime);
        serving.start();
        open.add(serving);
        // the stranger believes in a swarm that contains both, but the server's file does not list it
        SwarmDefinition strangerView = new SwarmDefinition("test", List.of(new Site("n0", a.peerId(), List.of(), SiteRole.FULL),
                new Site("s", stranger.peerId(), List.of(), SiteRole.FULL)), List.of(), List.of());
        BlockExchange fetching = new BlockExchange(stranger, new MapBlockStore(), new SwarmGate(strangerView), ExchangeOptions.defaults(), new Random(2), System::nanoTime);
        fetching.start();
        open.add(fetching);
        stranger.connect(a.listenAddresses().get(0)).join();
        var f = fetching.fetch(Cid.ofRaw(new byte[] {9}), index(blocks));
        assertThrows(TimeoutException.class, () -> f.get(1, TimeUnit.SECONDS));
        assertEquals(0, serving.uploadedBytes());
    }
}
