package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.DagWalkLayout;
import io.phoenix.bridge.ExternalProcess;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.bridge.ipfs.IpfsBridge;
import io.phoenix.bridge.ipfs.JsIpfsNode;
import io.phoenix.node.bridges.BridgePush;
import io.phoenix.node.daemon.ControlServer;
import io.phoenix.node.daemon.Daemon;
import io.phoenix.node.daemon.DaemonSettings;
import io.phoenix.node.demo.DemoDataset;
import io.phoenix.node.demo.TreeDiff;
import io.phoenix.node.home.Config;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.InitOptions;
import io.phoenix.node.swarm.SwarmFile;
import io.phoenix.protocol.json.Json;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daemons with {@code [bridges.*]} push every snapshot they hold by themselves, against a real
 * js-ipfs node: a snapshot taken through the running node lands on IPFS without any
 * {@code bridge push}, {@code swarm status} shows it pushed, and with the store deleted
 * {@code restore latest --from ipfs} gives the tree back byte for byte. A failing bridge (a pinning
 * service nobody listens for) shows {@code retrying} with its error while replication and the other
 * bridges go on; a restarted node does not push again what its state file records as pushed.
 */
class DaemonAutoPushIT {
    @TempDir
    Path dir;

    final List<Running> running = new ArrayList<>();

    record Node(Path home, PeerId peer, byte[] writerKey, Multiaddr listen, CliHarness cli) {}

    record Running(Home home, Daemon daemon, ControlServer control) {
        void stop() throws Exception {
            control.close();
            daemon.close();
            home.close();
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Running r : running) {
            if (!r.daemon().isClosed()) r.stop();
        }
    }

    Node node(String name, Map<String, List<Path>> layers, Map<String, Map<String, Object>> bridges) throws Exception {
        Path home = dir.resolve(name);
        Multiaddr listen = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + ExternalProcess.freePort());
        Config d = Config.defaults("it");
        Config c = new Config("it", layers, d.storePath(), List.of(listen), List.of(), d.snapshotTime(), 0, 0, bridges);
        try (Home h = Home.init(home, new InitOptions(c, CliHarness.PASSPHRASE.toCharArray(), new SecureRandom(), CliHarness.FAST_SEAL))) {
            Files.writeString(home.resolve(DaemonSettings.FILE),
                    new DaemonSettings(Path.of("swarm.toml"), 0, Duration.ofSeconds(2), 0, Duration.ofMinutes(5), false, false).toToml());
            return new Node(home, h.publicKeys().peerId(), h.publicKeys().writerPublicKey(), listen, new CliHarness(home));
        }
    }

    Running start(Node n, SwarmDefinition def) throws Exception {
        Home h = Home.open(n.home());
        Daemon d = Daemon.start(h, h.unlock(CliHarness.PASSPHRASE.toCharArray()), def, DaemonSettings.read(n.home()));
        Running r = new Running(h, d, ControlServer.start(d, 0));
        running.add(r);
        return r;
    }

    /**
     * {@link #start} again on the same listen port, which may still be taken for a moment after the
     * previous node closed (the peer keeps dialling it): retried on a bind failure for up to 10 s.
     */
    Running restart(Node n, SwarmDefinition def) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Home h = Home.open(n.home());
            try {
                Daemon d = Daemon.start(h, h.unlock(CliHarness.PASSPHRASE.toCharArray()), def, DaemonSettings.read(n.home()));
                Running r = new Running(h, d, ControlServer.start(d, 0));
                running.add(r);
                return r;
            } catch (java.net.BindException e) {
                h.close();
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(200);
            }
        }
    }

    static Map<String, List<Path>> layers(Path src) {
        Map<String, List<Path>> l = new LinkedHashMap<>();
        for (String layer : List.of("mind", "body", "spirit")) l.put(layer, List.of(src.resolve(layer)));
        return l;
    }

    static BridgePush.Status status(Running r, String bridge, Cid id) {
        return r.daemon().autoPush().ledger().get(bridge, id).map(BridgePush::status).orElse(null);
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    static long bytesUnder(Path root) throws Exception {
        try (Stream<Path> w = Files.walk(root)) {
            return w.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> bridge(String statusJson, String name) {
        for (Object o : (List<Object>) Json.object(statusJson).get("bridges")) {
            Map<String, Object> b = (Map<String, Object>) o;
            if (b.get("bridge").equals(name)) return b;
        }
        throw new AssertionError("no bridge " + name + " in " + statusJson);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> push(Map<String, Object> bridge, Cid id) {
        for (Object o : (List<Object>) bridge.get("pushes")) {
            Map<String, Object> p = (Map<String, Object>) o;
            if (p.get("id").equals(id.toString())) return p;
        }
        throw new AssertionError("no push of " + id + " in " + bridge);
    }

    @Test
    void snapshotIsPushedToIpfsByTheDaemonAndRestoresFromIpfsAlone() throws Exception {
        JsIpfsNode ipfs = JsIpfsNode.shared();
        Path src = dir.resolve("src");
        new DemoDataset(11, 2).generate(src);
        Node a = node("a", layers(src), Map.of("ipfs", Map.of("api", ipfs.api().toString())));
        SwarmDefinition def = SwarmDefinition.empty("it")
                .withSite(new Site("a", a.peer(), List.of(a.listen()), SiteRole.FULL), Writer.withKey(a.peer(), a.writerKey()), true);
        SwarmFile.write(a.home().resolve("swarm.toml"), def);
        Running ra = start(a, def);

        long t0 = System.nanoTime();
        CliHarness.Result snap = a.cli().run("snapshot", "--json");
        long taken = System.nanoTime();
        assertEquals(0, snap.code(), snap.toString());
        Cid id = Cid.parse(BridgeFixture.field(snap.out(), "id"));
        await(() -> status(ra, "ipfs", id) == BridgePush.Status.PUSHED, Duration.ofSeconds(60), "the daemon to push to ipfs");
        long pushed = System.nanoTime();
        BridgePush rec = ra.daemon().autoPush().ledger().get("ipfs", id).orElseThrow();
        System.out.printf("auto-push to js-ipfs: %d bytes of source, %d blocks, %d bytes sent; snapshot request -> pushed %.2f s "
                        + "(snapshot call %.2f s, pushed %.2f s after it returned; the push itself %d ms)%n",
                bytesUnder(src), rec.blocks(), rec.bytesSent(), (pushed - t0) / 1e9, (taken - t0) / 1e9, (pushed - taken) / 1e9, rec.pushMillis());

        // the node holds it, pinned, independently of what the daemon says
        try (IpfsBridge check = new IpfsBridge(ipfs.config(), new DagWalkLayout())) {
            SnapshotState st = check.state(id);
            assertEquals(SnapshotState.Status.COMPLETE, st.status(), st.toString());
        }
        CliHarness.Result status = a.cli().run("swarm", "status", "--json");
        assertEquals(0, status.code(), status.toString());
        Map<String, Object> p = push(bridge(status.out(), "ipfs"), id);
        assertEquals("pushed", p.get("status"));
        assertEquals("pinned recursively", p.get("detail"));
        CliHarness.Result text = a.cli().run("swarm", "status");
        assertTrue(text.out().contains("bridges:") && text.out().contains("ipfs") && text.out().contains("pushed"), text.out());
        CliHarness.Result bs = a.cli().run("bridge", "status", "--json");
        assertEquals(0, bs.code(), bs.toString());
        assertTrue(bs.out().contains("\"bridge\":\"ipfs\",\"id\":\"" + id + "\"") && bs.out().contains("\"status\":\"pushed\""), bs.out());

        // disaster: the store is gone; only the home's keys, config and state remain
        ra.stop();
        try (Stream<Path> w = Files.walk(a.home().resolve("store"))) {
            for (Path f : w.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
        Path out = dir.resolve("out");
        CliHarness.Result r = a.cli().run("restore", "latest", "--to", out.toString(), "--from", "ipfs");
        assertEquals(0, r.code(), r.toString());
        for (String l : List.of("mind", "body", "spirit")) assertEquals(List.of(), TreeDiff.compare(src.resolve(l), out.resolve(l)), l);

        // SwarmWriterSnapshotIsImportedByAnotherHomeOfTheSwarm: a's snapshot as a CAR is admitted by a
        // home whose swarm file lists a as a writer, and refused by a home without one
        Path car = dir.resolve("a.car");
        assertEquals(0, a.cli().run("export", "latest", "--car", car.toString(), "-q").code());
        CliHarness member = new CliHarness(dir.resolve("member")).init();
        SwarmFile.write(member.home.resolve("swarm.toml"), def);
        CliHarness.Result in = member.run("import", "--car", car.toString(), "--json");
        assertEquals(0, in.code(), in.toString());
        assertTrue(member.run("snapshots", "--json").out().contains(id.toString()));
        CliHarness stranger = new CliHarness(dir.resolve("stranger")).init();
        CliHarness.Result refused = stranger.run("import", "--car", car.toString());
        assertEquals(ExitCode.DAMAGE, refused.code(), refused.toString());
        assertTrue(refused.err().contains("no swarm file"), refused.err());
    }

    @Test
    void failingBridgeRetriesWithoutBlockingAndRestartDoesNotPushAgain() throws Exception {
        JsIpfsNode ipfs = JsIpfsNode.shared();
        Path src = dir.resolve("src");
        new DemoDataset(12, 1).generate(src);
        int closed = ExternalProcess.freePort(); // nothing listens there
        Map<String, Map<String, Object>> writerBridges = new LinkedHashMap<>();
        writerBridges.put("ipfs", Map.of("api", ipfs.api().toString()));
        writerBridges.put("filecoin", Map.of("endpoint", "http://127.0.0.1:" + closed + "/psa", "token", "test-token"));
        Node a = node("a", layers(src), writerBridges);
        Node b = node("b", Map.of(), Map.of("ipfs", Map.of("api", ipfs.api().toString())));
        SwarmDefinition def = SwarmDefinition.empty("it")
                .withSite(new Site("a", a.peer(), List.of(a.listen()), SiteRole.FULL), Writer.withKey(a.peer(), a.writerKey()), true)
                .withSite(new Site("b", b.peer(), List.of(b.listen()), SiteRole.STORAGE), null, false);
        for (Node n : List.of(a, b)) SwarmFile.write(n.home().resolve("swarm.toml"), def);
        Running ra = start(a, def);
        Running rb = start(b, def);

        CliHarness.Result snap = a.cli().run("snapshot", "--json");
        assertEquals(0, snap.code(), snap.toString());
        Cid id = Cid.parse(BridgeFixture.field(snap.out(), "id"));
        // the pinning service is unreachable: retrying, with the reason; ipfs and replication go on
        await(() -> status(ra, "pinning", id) == BridgePush.Status.RETRYING, Duration.ofSeconds(60), "pinning to be retrying");
        await(() -> status(ra, "ipfs", id) == BridgePush.Status.PUSHED, Duration.ofSeconds(60), "a's ipfs push");
        await(() -> rb.daemon().state().progress(id).map(x -> x.complete()).orElse(false), Duration.ofSeconds(60), "b to replicate");
        // a storage site (no data key) pushes the snapshot it replicated
        await(() -> status(rb, "ipfs", id) == BridgePush.Status.PUSHED, Duration.ofSeconds(60), "b's ipfs push");

        // between two attempts (an attempt shows "pushing" for a moment)
        String[] json = new String[1];
        await(() -> {
            CliHarness.Result r = a.cli().run("swarm", "status", "--json");
            json[0] = r.out();
            return r.code() == 0 && "retrying".equals(push(bridge(r.out(), "pinning"), id).get("status"));
        }, Duration.ofSeconds(30), "swarm status to show pinning retrying");
        CliHarness.Result st = new CliHarness.Result(0, json[0], "");
        Map<String, Object> pin = push(bridge(st.out(), "pinning"), id);
        assertEquals("retrying", pin.get("status"), st.out());
        assertEquals("unreachable", pin.get("failure"));
        assertTrue(String.valueOf(pin.get("error")).contains("127.0.0.1:" + closed), pin.toString());
        assertTrue(pin.get("next_try") != null && ((Number) pin.get("attempts")).intValue() >= 1, pin.toString());
        assertEquals("pushed", push(bridge(st.out(), "ipfs"), id).get("status"));
        String[] text = new String[1];
        await(() -> {
            text[0] = a.cli().run("swarm", "status").out();
            return text[0].contains("retrying (attempt");
        }, Duration.ofSeconds(30), "the text status to show retrying");
        assertTrue(text[0].contains("pinning") && text[0].contains("unreachable: pinning service at http://127.0.0.1:" + closed), text[0]);

        // restart b: its state file says pushed, so nothing is pushed again
        BridgePush before = rb.daemon().autoPush().ledger().get("ipfs", id).orElseThrow();
        rb.stop();
        Running rb2 = restart(b, def);
        assertTrue(rb2.daemon().state().progress(id).map(x -> x.complete()).orElse(false), "b holds the snapshot after the restart");
        assertEquals(before, rb2.daemon().autoPush().ledger().get("ipfs", id).orElseThrow());
        assertEquals(0, rb2.daemon().autoPush().attemptsStarted());
        assertFalse(rb2.daemon().autoPush().bridges().isEmpty());
    }
}
