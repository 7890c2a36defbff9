package io.phoenix.node.demo;

import io.phoenix.node.LogBackend;
import io.phoenix.node.daemon.Daemon;
import io.phoenix.node.daemon.DaemonSettings;
import io.phoenix.node.daemon.NodeKeysFiles;
import io.phoenix.node.daemon.SwarmRestore;
import io.phoenix.node.home.Config;
import io.phoenix.node.home.ConfigException;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.HomeKeys;
import io.phoenix.node.home.InitOptions;
import io.phoenix.node.home.KeyRing;
import io.phoenix.node.home.PassphraseSeal;
import io.phoenix.node.snapshot.SnapshotOutcome;
import io.phoenix.node.swarm.SwarmFile;
import io.phoenix.protocol.json.Json;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The swarm part of {@code phoenix demo}: three nodes on 127.0.0.1 (in this process, real TCP,
 * Noise, yamux, gossipsub, block exchange), the writer snapshots the sample, the two others
 * replicate it verified, the writer is stopped and its home destroyed, and a bare fourth site
 * restores the latest snapshot from the survivors; the result must be byte-identical.
 */
public final class SwarmDemo {
    private static final char[] PASS = "phoenix-demo-swarm".toCharArray();
    private static final PassphraseSeal SEAL = new PassphraseSeal(1024, 1, 1);
    private static final String[] NAMES = {"writer", "site-a", "site-b", "bare"};

    private SwarmDemo() {}

    /** Runs the swarm demo in {@code work}; adds lines and a {@code swarm} JSON object; true when it all matched. */
    public static boolean run(Path work, List<Path> layerRoots, Map<String, Object> json, List<String> lines) throws IOException {
        Map<String, Object> j = Json.object();
        json.put("swarm", j);
        List<Daemon> running = new ArrayList<>();
        List<Home> homes = new ArrayList<>();
        LogBackend.Restore logs = LogBackend.warningsOnly(); // the summary lines say what happened
        try {
            SecureRandom random = new SecureRandom();
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            SwarmDefinition def = SwarmDefinition.empty("demo");
            List<Path> dirs = new ArrayList<>();
            for (int i = 0; i < NAMES.length; i++) {
                Path dir = work.resolve(NAMES[i]);
                Multiaddr listen = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + freePort());
                Config d = Config.defaults("demo");
                Map<String, List<Path>> layers = new LinkedHashMap<>();
                if (i == 0) for (int l = 0; l < layerRoots.size(); l++) layers.put(Config.LAYERS.get(l), List.of(layerRoots.get(l)));
                Config c = new Config("demo", layers, d.storePath(), List.of(listen), List.of(), d.snapshotTime(), 0, 0, Map.of());
                var pk = initHome(dir, c, random);
                NodeKeysFiles.installSwarmSecret(dir, secret, PASS, SEAL);
                Files.writeString(dir.resolve(DaemonSettings.FILE), new DaemonSettings(Path.of("../swarm.toml"), 0, Duration.ofSeconds(2),
                        0, Duration.ofMinutes(5), false, false).toToml());
                def = def.withSite(new Site(NAMES[i], pk.peerId(), List.of(listen), SiteRole.FULL),
                        i == 0 ? Writer.withKey(pk.peerId(), pk.writerPublicKey()) : null, true);
                dirs.add(dir);
            }
            SwarmFile.write(work.resolve("swarm.toml"), def);
            long t0 = System.nanoTime();
            for (int i = 0; i < 3; i++) running.add(start(dirs.get(i), def, homes));
            SnapshotOutcome snap = running.get(0).snapshot("demo");
            long tSnap = System.nanoTime();
            for (int i = 1; i < 3; i++) awaitComplete(running.get(i), snap, Duration.ofSeconds(120));
            double replicate = (System.nanoTime() - tSnap) / 1e9;
            lines.add(String.format("  swarm     3 nodes on 127.0.0.1 (%s): snapshot %s replicated and verified on site-a and site-b in %.2f s",
                    work, snap.id(), replicate));
            running.get(0).close();
            homes.get(0).close();
            deleteTree(dirs.get(0));
            lines.add("  swarm     writer stopped and its home deleted");
            Daemon bare = start(dirs.get(3), def, homes);
            running.add(bare);
            Path target = work.resolve("restored");
            SwarmRestore.Outcome o = SwarmRestore.latest(bare, target, Duration.ofSeconds(120));
            List<String> diffs = new ArrayList<>();
            for (int l = 0; l < layerRoots.size(); l++) {
                for (String d : TreeDiff.compare(layerRoots.get(l), target.resolve(Config.LAYERS.get(l)))) diffs.add(Config.LAYERS.get(l) + "/" + d);
            }
            boolean ok = diffs.isEmpty() && !o.damage().any() && o.manifest().equals(snap.id());
            lines.add(String.format("  swarm     bare site restored %d files (%d bytes) from the survivors in %.2f s; byte-identical: %s",
                    o.stats().files.get(), o.stats().bytes.get(), (o.fetch().toMillis() + o.restore().toMillis()) / 1000.0, ok ? "yes" : "NO"));
            diffs.forEach(d -> lines.add("    differs: " + d));
            lines.add(ok ? "swarm demo OK: replicated to 2 sites, writer lost, restored from a survivor" : "swarm demo FAILED (see above)");
            j.put("snapshot", snap.id().toString());
            j.put("replicate_seconds", replicate);
            j.put("restore_identical", ok);
            j.put("seconds", (System.nanoTime() - t0) / 1e9);
            return ok;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            logs.close();
            for (Daemon d : running) d.close();
            for (Home h : homes) {
                try {
                    h.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }
    }

    private static Daemon start(Path dir, SwarmDefinition def, List<Home> homes) throws IOException {
        Home h;
        try {
            h = Home.open(dir);
        } catch (ConfigException e) {
            throw new IOException(e.getMessage(), e);
        }
        homes.add(h);
        KeyRing keys = NodeKeysFiles.withSwarmSecret(dir, h.unlock(PASS.clone()), PASS.clone());
        return Daemon.start(h, keys, def, DaemonSettings.read(dir));
    }

    private static void awaitComplete(Daemon d, SnapshotOutcome snap, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var p = d.state().progress(snap.id());
            if (p.isPresent() && p.get().complete()) return;
            Thread.sleep(50);
        }
        throw new IOException("site " + d.self().name() + " did not replicate " + snap.id() + " within " + timeout);
    }

    private static HomeKeys.PublicKeys initHome(Path dir, Config c, SecureRandom random) throws IOException {
        try (Home h = Home.init(dir, new InitOptions(c, PASS.clone(), random, SEAL))) {
            return h.publicKeys();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
