package io.phoenix.swarm.exchange;

import io.phoenix.protocol.exchange.Wanted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.exchange.ExchangeOptions;
import io.phoenix.protocol.exchange.FetchConfig;
import io.phoenix.protocol.exchange.FetchResult;
import io.phoenix.protocol.exchange.FetchScheduler;
import io.phoenix.protocol.exchange.SnapshotIndex;
import io.phoenix.protocol.exchange.SnapshotWants;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.host.Libp2pHost;
import io.phoenix.protocol.p2p.host.Libp2pHostConfig;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.SwarmGate;
import io.phoenix.protocol.testing.MapBlockStore;
import io.phoenix.protocol.testing.TestPeers;
import io.phoenix.protocol.time.SystemScheduler;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Four real libp2p hosts (TCP, Noise, yamux) on 127.0.0.1: one origin, three fetchers swarming. */
class BlockExchangeLibp2pIT {
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
    }

    @Test
    void fourRealHostsSwarmASnapshot() throws Exception {
        int n = 4;
        List<IdentityKey> keys = new ArrayList<>();
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(TestPeers.identity(200 + i));
            sites.add(new Site("n" + i, keys.get(i).peerId(), List.of(), SiteRole.FULL));
        }
        SwarmDefinition def = new SwarmDefinition("it", sites, List.of(), List.of());
        SystemScheduler scheduler = new SystemScheduler();
        open.add(scheduler);
        List<Libp2pHost> hosts = new ArrayList<>();
        List<MapBlockStore> stores = new ArrayList<>();
        List<BlockExchange> exchanges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Libp2pHost h = new Libp2pHost(keys.get(i), Libp2pHostConfig.defaults(), new io.phoenix.protocol.time.SystemScheduler(), new SecureRandom());
            open.add(h);
            h.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
            MapBlockStore store = new MapBlockStore();
            BlockExchange ex = new BlockExchange(h, store, new SwarmGate(def),
                    new ExchangeOptions(8_000_000, 0, 512 * 1024, FetchConfig.defaults()), scheduler, new Random(i));
            ex.start();
            open.add(ex);
            hosts.add(h);
            stores.add(store);
            exchanges.add(ex);
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) hosts.get(i).connect(hosts.get(j).listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
        }
        Random r = new Random(5);
        List<Wanted> wanted = new ArrayList<>();
        List<Cid> index = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            byte[] b = new byte[32 * 1024];
            r.nextBytes(b);
            Cid c = Cid.ofRaw(b);
            stores.get(0).put(c, b);
            index.add(c);
            wanted.add(new Wanted(c, i, SnapshotWants.priority(0, SnapshotWants.UNKNOWN), b.length));
        }
        Cid manifest = Cid.ofRaw("it-manifest".getBytes());
        exchanges.get(0).register(manifest, index.size());
        List<CompletableFuture<FetchResult>> results = new ArrayList<>();
        for (int i = 1; i < n; i++) results.add(exchanges.get(i).fetch(manifest, SnapshotIndex.of(index), SnapshotWants.of(wanted)));
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (int i = 1; i < n; i++) {
            assertEquals(120, stores.get(i).count());
            for (Cid c : index) assertTrue(c.verifies(stores.get(i).get(c)));
        }
        double ratio = exchanges.get(0).uploadedBytes() / (120.0 * 32 * 1024);
        System.out.printf("libp2p swarm: origin sent %.2fx the snapshot to 3 fetchers%n", ratio);
        assertTrue(ratio <= 1.5, "origin sent " + ratio + "x");
    }
}
