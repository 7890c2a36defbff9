package io.phoenix.node.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.home.Config;
import io.phoenix.node.home.Home;
import io.phoenix.node.replication.SwarmState;
import io.phoenix.node.swarm.SwarmFile;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two daemons on real sockets: replication with receipts, the swarm gate, the control API's token. */
class DaemonIT {
    @TempDir
    Path dir;

    final List<Daemon> daemons = new ArrayList<>();
    final List<Home> homes = new ArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    /** Held strongly: the LogManager keeps loggers only weakly, and a collected one loses its handler. */
    final Logger phoenixLogger = Logger.getLogger("io.phoenix");
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            log.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @AfterEach
    void stop() throws Exception {
        for (Daemon d : daemons) d.close();
        for (Home h : homes) h.close();
        phoenixLogger.removeHandler(capture);
    }

    record Node(Path home, PeerId peer, Multiaddr listen) {}

    Node node(String name, Map<String, List<Path>> layers, List<Multiaddr> bootstrap) throws Exception {
        Path home = dir.resolve(name);
        Multiaddr listen = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + TestSites.freePort());
        Config d = Config.defaults("it");
        Config c = new Config("it", layers, d.storePath(), List.of(listen), bootstrap, d.snapshotTime(), 0, 0, Map.of());
        var pk = TestSites.initHome(home, c, new SecureRandom());
        NodeKeysFiles.installSwarmSecret(home, new byte[32], TestSites.PASS, TestSites.SEAL);
        Files.writeString(home.resolve(DaemonSettings.FILE),
                new DaemonSettings(Path.of("swarm.toml"), 0, Duration.ofSeconds(2), 0, Duration.ofMinutes(5), false, false).toToml());
        return new Node(home, pk.peerId(), listen);
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void snapshotReplicatesWithReceiptsAndOutsidersAreRefused() throws Exception {
        phoenixLogger.addHandler(capture);
        Path data = Files.createDirectories(dir.resolve("data").resolve("mind"));
        byte[] bytes = new byte[3 << 20];
        new java.util.Random(5).nextBytes(bytes);
        Files.write(data.resolve("weights.bin"), bytes);
        Node a = node("a", Map.of("mind", List.of(data)), List.of());
        Node b = node("b", Map.of(), List.of());
        Node outsider = node("outsider", Map.of(), List.of(a.listen().withPeer(a.peer())));
        var pkA = Home.open(a.home());
        byte[] mlA = pkA.publicKeys().writerPublicKey();
        pkA.close();
        SwarmDefinition def = SwarmDefinition.empty("it")
                .withSite(new Site("a", a.peer(), List.of(a.listen()), SiteRole.FULL), Writer.withKey(a.peer(), mlA), true)
                .withSite(new Site("b", b.peer(), List.of(b.listen()), SiteRole.FULL), null, true);
        SwarmDefinition alone = SwarmDefinition.empty("other")
                .withSite(new Site("outsider", outsider.peer(), List.of(outsider.listen()), SiteRole.FULL), null, true);
        for (Node n : List.of(a, b)) SwarmFile.write(n.home().resolve("swarm.toml"), def);
        SwarmFile.write(outsider.home().resolve("swarm.toml"), alone);

        Daemon da = TestSites.start(a.home(), def, homes);
        daemons.add(da);
        Daemon db = TestSites.start(b.home(), def, homes);
        daemons.add(db);
        ControlServer control = ControlServer.start(da, 0);
        try {
            // PeerOutsideTheSwarmIsRefused
            daemons.add(TestSites.start(outsider.home(), alone, homes));
            await(() -> log.stream().anyMatch(m -> m.contains("refusing peer " + outsider.peer())), Duration.ofSeconds(30), "the gate's log line");
            await(() -> !da.host().connectedPeers().contains(outsider.peer()), Duration.ofSeconds(10), "the outsider to be disconnected");

            // ControlApiRejectsAWrongToken
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(control.url() + "/v1/status"))
                    .header("Authorization", "Bearer 00").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, bad.statusCode());
            String controlJson = Files.readString(a.home().resolve(ControlServer.FILE));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(a.home().resolve(ControlServer.FILE))));
            assertTrue(controlJson.contains("\"token\""));

            ControlClient client = ControlClient.of(a.home()).orElseThrow();
            ControlClient.Reply snap = client.post("/v1/snapshot");
            assertEquals(200, snap.status(), snap.body());
            var id = da.state().latest().orElseThrow().getKey();
            await(() -> db.state().progress(id).map(SwarmState.Progress::complete).orElse(false), Duration.ofSeconds(60), "b to replicate");
            await(() -> da.state().receipts(id).containsKey(b.peer()), Duration.ofSeconds(30), "b's receipt at a");
            String latest = client.get("/v1/swarm/latest").body();
            assertTrue(latest.contains("\"site\":\"b\"") && latest.contains("\"site\":\"a\""), latest);
            assertFalse(db.state().progress(id).isEmpty());
        } finally {
            control.close();
        }
    }
}
