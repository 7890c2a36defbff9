package io.phoenix.testnet;

import io.phoenix.node.demo.TreeDiff;
import io.phoenix.protocol.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * {@code small-files}: the writer snapshots a tree of many small files ({@link SmallFileTree}) and
 * every other node replicates it, each node in the launcher's 192 MiB heap. Then each node is
 * asked for a full collection (what it retains), its peak RSS and GC log are read, the nodes are
 * stopped, every store is verified ({@code phoenix verify}) and node1 restores the snapshot, which
 * must equal the source byte for byte. Verify and restore run as the launcher runs commands
 * ({@code -Xmx192m}).
 *
 * <p>Errors (the report's {@code ok} is false): a node that did not hold the snapshot verified in
 * time, exited, or logged an {@code OutOfMemoryError}; a heap maximum other than 192 MiB; a full
 * GC storm ({@link #stormOf}); a store that does not verify; a restore that differs.
 */
final class SmallFilesScenario {
    /** The launcher's heap (./phoenix, docs/operations.md "JVM settings"). */
    static final long LAUNCHER_HEAP = 192L << 20;
    /** A forced full collection must leave at least this share of the heap free. */
    static final double MIN_FREE_AFTER_FULL = 0.5;
    /** Forced full collections may take at most this share of a node's run. */
    static final double MAX_FULL_PAUSE_SHARE = 0.2;

    private SmallFilesScenario() {}

    /** One node's figures. */
    record NodeReport(String name, double secondsToAllBlocks, double secondsToVerified, boolean alive, boolean oomLogged, long peakRssBytes,
                      GcLog gc, OptionalLong retainedBytes, Map<String, Object> verify) {}

    /** The whole run's figures and errors. */
    /** @param phases seconds of each step of the run, in order (layout, generate, start, snapshot, replicate, inspect, stop, verify, restore, compare) */
    record Report(int files, long bytes, String snapshot, double snapshotSeconds, List<NodeReport> nodes,
                  double restoreSeconds, boolean restoreIdentical, Map<String, Double> phases, List<String> errors) {
        boolean ok() {
            return errors.isEmpty();
        }

        String json() {
            Map<String, Object> m = Json.object();
            m.put("scenario", "small-files");
            m.put("nodes", nodes.size());
            m.put("files", files);
            m.put("snapshot_bytes", bytes);
            m.put("snapshot", snapshot);
            m.put("snapshot_seconds", snapshotSeconds);
            List<Object> per = Json.array();
            for (NodeReport n : nodes) per.add(nodeJson(n));
            m.put("per_node", per);
            Map<String, Object> r = Json.object();
            r.put("node", "node1");
            r.put("seconds", restoreSeconds);
            r.put("byte_identical", restoreIdentical);
            m.put("restore", r);
            m.put("phase_seconds", new LinkedHashMap<String, Object>(phases));
            m.put("errors", new ArrayList<Object>(errors));
            m.put("ok", ok());
            return Json.write(m);
        }

        private static Map<String, Object> nodeJson(NodeReport n) {
            Map<String, Object> o = Json.object();
            o.put("node", n.name());
            o.put("seconds_to_all_blocks", n.secondsToAllBlocks() < 0 ? null : n.secondsToAllBlocks());
            o.put("seconds_to_verified", n.secondsToVerified() < 0 ? null : n.secondsToVerified());
            o.put("alive", n.alive());
            o.put("oom_logged", n.oomLogged());
            o.put("peak_rss_mib", n.peakRssBytes() < 0 ? null : mib(n.peakRssBytes()));
            Map<String, Object> g = Json.object();
            g.put("max_heap_mib", mib(n.gc().maxHeapBytes()));
            g.put("pauses", n.gc().pauses().stream().filter(p -> !p.requested()).count());
            g.put("full", n.gc().forcedFullCollections());
            g.put("pause_seconds", n.gc().pauseSeconds());
            g.put("full_pause_seconds", n.gc().forcedFullPauseSeconds());
            g.put("uptime_seconds", n.gc().uptimeSeconds());
            g.put("max_after_gc_mib", n.gc().maxAfter().isPresent() ? mib(n.gc().maxAfter().getAsLong()) : null);
            g.put("max_after_full_mib", n.gc().maxAfterForcedFull().isPresent() ? mib(n.gc().maxAfterForcedFull().getAsLong()) : null);
            g.put("retained_mib", n.retainedBytes().isPresent() ? mib(n.retainedBytes().getAsLong()) : null);
            o.put("gc", g);
            o.put("verify", n.verify());
            return o;
        }

        private static double mib(long bytes) {
            return bytes / 1048576.0;
        }
    }

    static Report run(Path dir, int n, int files, Duration timeout, long upload) throws Exception {
        if (n < 2) throw new IllegalArgumentException("need at least 2 nodes");
        Phases phases = new Phases();
        List<TestnetNode> layout = TestnetLayout.create(dir, n, 0, Duration.ofSeconds(3), -1, upload);
        phases.end("layout");
        long bytes = SmallFileTree.generate(dir.resolve("data"), files, 42);
        phases.end("generate");
        List<String> errors = new ArrayList<>();
        String id;
        double snapshotSeconds;
        long[] blocksAt;
        long[] doneAt;
        boolean[] alive = new boolean[n];
        long[] rss = new long[n];
        boolean[] retainedAsked = new boolean[n];
        try (Testnet t = Testnet.start(dir, layout, n)) {
            phases.end("start");
            long t0 = System.nanoTime();
            try {
                id = t.snapshot();
            } catch (IOException e) { // e.g. the writer ran out of heap: report it with the nodes' figures
                id = null;
                errors.add("node0's snapshot failed: " + e.getMessage());
            }
            long published = System.nanoTime();
            snapshotSeconds = (published - t0) / 1e9;
            phases.end("snapshot");
            blocksAt = id == null ? new long[n] : Scenarios.awaitAll(t, id, n, published, timeout, errors);
            // a node reads complete once it holds every block; it verifies, flushes and records the
            // snapshot in its history a moment later (seconds at 250,000 blocks): stopped in between,
            // its home would have no snapshot to verify or restore until the node ran again
            doneAt = id == null ? new long[n] : awaitRecorded(t, id, n, published, timeout, blocksAt, errors);
            phases.end("replicate");
            for (int i = 0; i < n; i++) {
                NodeProcess p = t.process(i);
                alive[i] = p.isAlive();
                if (!alive[i]) errors.add(p.node().name() + " exited with " + p.process().exitValue() + ": " + p.logTail());
                retainedAsked[i] = alive[i] && p.requestFullGc(Duration.ofSeconds(60));
                rss[i] = p.peakRssBytes().orElse(-1);
            }
            phases.end("inspect");
        }
        phases.end("stop");
        List<NodeReport> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TestnetNode node = layout.get(i);
            GcLog gc = GcLog.read(NodeProcess.gcLog(node));
            boolean oom = Files.readString(node.home().resolve("logs").resolve("node.log"), StandardCharsets.UTF_8).contains("OutOfMemoryError");
            if (oom) errors.add(node.name() + " logged an OutOfMemoryError");
            String storm = stormOf(gc);
            if (storm != null) errors.add(node.name() + ": " + storm);
            Map<String, Object> verify = id == null ? Json.object() : verify(dir, node, errors);
            OptionalLong retained = retainedAsked[i] ? gc.afterLastRequestedFull() : OptionalLong.empty();
            nodes.add(new NodeReport(node.name(), i == 0 ? 0 : blocksAt[i] == 0 ? -1 : blocksAt[i] / 1000.0,
                    i == 0 ? 0 : doneAt[i] == 0 ? -1 : doneAt[i] / 1000.0, alive[i], oom, rss[i], gc, retained, verify));
        }
        phases.end("verify");
        double restoreSeconds = -1;
        boolean identical = false;
        if (doneAt[1] != 0) {
            Path target = dir.resolve("restored");
            long t0 = System.nanoTime();
            Cli r = cli(dir, layout.get(1), timeout, "restore", "latest", "--to", target.toString(), "--json");
            restoreSeconds = (System.nanoTime() - t0) / 1e9;
            phases.end("restore");
            if (r.exit() != 0) {
                errors.add("restore on node1 exited " + r.exit() + ": " + r.stderr());
            } else {
                List<String> diffs = new ArrayList<>();
                for (String layer : List.of("mind", "body", "spirit")) {
                    diffs.addAll(TreeDiff.compare(dir.resolve("data").resolve(layer), target.resolve(layer)));
                }
                identical = diffs.isEmpty();
                phases.end("compare");
                if (!identical) errors.add("node1's restore differs (" + diffs.size() + "): " + diffs.subList(0, Math.min(5, diffs.size())));
            }
        }
        return new Report(files, bytes, id, snapshotSeconds, nodes, restoreSeconds, identical, phases.seconds, errors);
    }

    /**
     * Milliseconds from {@code start} until each node 1..n-1 that held every block ({@code blocksAt}
     * not 0) recorded the fetch's result (its status shows what it fetched: the snapshot is then
     * verified and in its history); 0 for the others, which are added to {@code errors}.
     */
    private static long[] awaitRecorded(Testnet t, String id, int n, long start, Duration timeout, long[] blocksAt, List<String> errors)
            throws IOException, InterruptedException {
        long[] at = new long[n];
        long deadline = start + timeout.toNanos() + TimeUnit.SECONDS.toNanos(60);
        boolean[] waiting = new boolean[n];
        int left = 0;
        for (int i = 1; i < n; i++) if (blocksAt[i] != 0) {
            waiting[i] = true;
            left++;
        }
        while (left > 0 && System.nanoTime() < deadline) {
            for (int i = 1; i < n; i++) {
                if (!waiting[i]) continue;
                boolean alive = t.process(i).isAlive();
                if (alive && t.fetched(i, id) == null) continue;
                if (alive) at[i] = Math.max(1, (System.nanoTime() - start) / 1_000_000);
                waiting[i] = false; // recorded, or exited (an error below)
                left--;
            }
            Thread.sleep(50);
        }
        for (int i = 1; i < n; i++) {
            if (blocksAt[i] != 0 && at[i] == 0) errors.add(t.nodes().get(i).name() + " held every block of " + id + " but did not record it as held");
        }
        return at;
    }

    /**
     * Why {@code gc} shows a heap that was not small, or null: the JVM's maximum is not the
     * launcher's; a forced full collection left less than half the heap free (a live set near the
     * maximum is what makes full collections follow each other, each freeing little: the storm the
     * testnet saw before the memory work); or forced full collections took more than a fifth of the
     * node's run. The first two are counts of bytes, independent of the machine's speed; the third
     * is generous enough for a loaded machine (a healthy node spends well under 1% of its run there).
     */
    static String stormOf(GcLog gc) {
        if (gc.maxHeapBytes() != LAUNCHER_HEAP) {
            return "heap maximum " + (gc.maxHeapBytes() >> 20) + " MiB, not the launcher's " + (LAUNCHER_HEAP >> 20) + " MiB";
        }
        OptionalLong live = gc.maxAfterForcedFull();
        if (live.isPresent() && live.getAsLong() > gc.maxHeapBytes() * (1 - MIN_FREE_AFTER_FULL)) {
            return "a full collection left " + (live.getAsLong() >> 20) + " MiB of " + (gc.maxHeapBytes() >> 20) + " MiB in use ("
                    + gc.forcedFullCollections() + " full collections)";
        }
        if (gc.uptimeSeconds() > 0 && gc.forcedFullPauseSeconds() > MAX_FULL_PAUSE_SHARE * gc.uptimeSeconds()) {
            return String.format(Locale.ROOT, "%d full collections took %.1f s of %.1f s", gc.forcedFullCollections(), gc.forcedFullPauseSeconds(),
                    gc.uptimeSeconds());
        }
        return null;
    }

    private static Map<String, Object> verify(Path dir, TestnetNode node, List<String> errors) throws Exception {
        Cli v = cli(dir, node, Duration.ofMinutes(30), "verify", "--json");
        Map<String, Object> out = Json.object();
        out.put("exit", v.exit());
        try {
            Map<String, Object> j = Json.object(v.stdout());
            for (String k : List.of("files", "blocks", "seconds", "ok")) out.put(k, j.get(k));
        } catch (RuntimeException e) {
            out.put("ok", false);
        }
        if (v.exit() != 0 || !Boolean.TRUE.equals(out.get("ok"))) errors.add(node.name() + "'s store does not verify (exit " + v.exit() + "): " + v.stderr());
        return out;
    }

    /** Seconds of each step, in order, measured from the end of the previous one. */
    private static final class Phases {
        final Map<String, Double> seconds = new LinkedHashMap<>();
        private long last = System.nanoTime();

        void end(String phase) {
            long now = System.nanoTime();
            seconds.put(phase, (now - last) / 1e9);
            last = now;
        }
    }

    record Cli(int exit, String stdout, String stderr) {}

    /** {@code phoenix ARGS --home H --passphrase-file P} in its own JVM with the launcher's settings for commands. */
    static Cli cli(Path dir, TestnetNode node, Duration timeout, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx192m", "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.phoenix.node.cli.Main"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--home", node.home().toString(), "--passphrase-file", dir.resolve("passphrase").toString()));
        Path out = Files.createTempFile(dir, "cli-", ".out");
        Path err = Files.createTempFile(dir, "cli-", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            return new Cli(-1, "", "timed out: " + String.join(" ", args));
        }
        return new Cli(p.exitValue(), Files.readString(out).strip(), Files.readString(err).strip());
    }
}
