package io.phoenix.swarm.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.heads.HeadsView;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.host.Libp2pHost;
import io.phoenix.protocol.p2p.host.Libp2pHostConfig;
import io.phoenix.protocol.swarm.Head;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.SwarmGate;
import io.phoenix.protocol.testing.TestPeers;
import io.phoenix.protocol.time.SystemScheduler;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Anti-entropy and the swarm gate over real libp2p hosts on 127.0.0.1. */
class HeadsExchangeLibp2pIT {
    final SystemScheduler scheduler = new SystemScheduler();
    final List<AutoCloseable> open = new ArrayList<>(List.of(scheduler));

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
    }

    Libp2pHost host(IdentityKey key) throws Exception {
        Libp2pHost h = new Libp2pHost(key, Libp2pHostConfig.defaults(), new io.phoenix.protocol.time.SystemScheduler(), new SecureRandom());
        open.add(h);
        h.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
        return h;
    }

    HeadsExchange heads(Libp2pHost h, SwarmDefinition def, List<Head> mine, CompletableFuture<Head> missing) {
        HeadsExchange x = new HeadsExchange(h, new SwarmGate(def), () -> new HeadsView(mine, Set.of(), List.of()), c -> false,
                (from, head) -> missing.complete(head), 60_000, scheduler);
        open.add(x);
        x.start();
        return x;
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.onSpinWait();
        }
    }

    @Test
    void membersExchangeHeadsAndStrangersAreDisconnected() throws Exception {
        IdentityKey a = TestPeers.identity(301);
        IdentityKey b = TestPeers.identity(302);
        IdentityKey stranger = TestPeers.identity(303);
        IdentityKey drifted = TestPeers.identity(304);
        SwarmDefinition def = new SwarmDefinition("it", List.of(new Site("a", a.peerId(), List.of(), SiteRole.FULL),
                new Site("b", b.peerId(), List.of(), SiteRole.STORAGE), new Site("d", drifted.peerId(), List.of(), SiteRole.FULL)),
                List.of(), List.of());
        // "d" is listed in our file but runs an older file without "b": another swarm id
        SwarmDefinition old = new SwarmDefinition("it", List.of(new Site("a", a.peerId(), List.of(), SiteRole.FULL),
                new Site("d", drifted.peerId(), List.of(), SiteRole.FULL)), List.of(), List.of());
        Head head = new Head(Cid.of(Cid.DAG_CBOR, "m".getBytes()), 4, 1000);

        Libp2pHost ha = host(a);
        Libp2pHost hb = host(b);
        Libp2pHost hs = host(stranger);
        Libp2pHost hd = host(drifted);
        CompletableFuture<Head> aMissing = new CompletableFuture<>();
        CompletableFuture<Head> bMissing = new CompletableFuture<>();
        heads(ha, def, List.of(head), aMissing);
        heads(hb, def, List.of(), bMissing);
        heads(hs, new SwarmDefinition("it", List.of(new Site("a", a.peerId(), List.of(), SiteRole.FULL),
                new Site("s", stranger.peerId(), List.of(), SiteRole.FULL)), List.of(), List.of()), List.of(), new CompletableFuture<>());
        heads(hd, old, List.of(), new CompletableFuture<>());

        hb.connect(ha.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
        assertEquals(head, bMissing.get(15, TimeUnit.SECONDS));

        PeerId s = stranger.peerId();
        hs.connect(ha.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
        await(() -> !ha.connectedPeers().contains(s), "a disconnects the stranger");

        PeerId d = drifted.peerId();
        hd.connect(ha.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
        await(() -> !ha.connectedPeers().contains(d), "a disconnects the peer with another swarm id");
        assertTrue(ha.connectedPeers().contains(b.peerId()));
        assertTrue(!aMissing.isDone());
    }
}
