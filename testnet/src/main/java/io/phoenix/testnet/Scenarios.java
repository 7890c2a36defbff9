package io.phoenix.testnet;

import io.phoenix.node.demo.TreeDiff;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Scenarios on a local testnet of real node processes. Each returns a JSON report: per node the
 * time from the snapshot until it held it verified, the origin's uploaded bytes, every node's
 * uploaded bytes, and errors.
 */
public final class Scenarios {
    private Scenarios() {}

    /** Writes {@code mib} MiB of incompressible files into the writer's layers (50% mind, 30% body, 20% spirit). */
    static long generate(Path data, int mib, long seed) throws IOException {
        Random r = new Random(seed);
        long total = (long) mib << 20;
        long[] share = {total / 2, total * 3 / 10, total - total / 2 - total * 3 / 10};
        String[] layers = {"mind", "body", "spirit"};
        byte[] buf = new byte[1 << 16];
        long written = 0;
        for (int l = 0; l < 3; l++) {
            long left = share[l];
            for (int f = 0; left > 0; f++) {
                long size = Math.min(left, 2L << 20);
                try (OutputStream o = Files.newOutputStream(data.resolve(layers[l]).resolve("file-" + f + ".bin"))) {
                    for (long w = 0; w < size; w += buf.length) {
                        r.nextBytes(buf);
                        o.write(buf, 0, (int) Math.min(buf.length, size - w));
                    }
                }
                left -= size;
                written += size;
            }
        }
        return written;
    }

    /** Default per-node upload limit of scenarios: 4 MB/s, a modest WAN uplink (0 = unlimited). */
    public static final long DEFAULT_UPLOAD = 4_000_000;

    public static String run(String scenario, int nodes, int mib, Path dir, Duration timeout) throws Exception {
        return run(scenario, nodes, mib, dir, timeout, DEFAULT_UPLOAD);
    }

    public static String run(String scenario, int nodes, int mib, Path dir, Duration timeout, long upload) throws Exception {
        return switch (scenario) {
            case "converge" -> converge(dir, nodes, mib, timeout, false, upload);
            case "restore-from-survivor" -> converge(dir, nodes, mib, timeout, true, upload);
            case "churn" -> FaultScenarios.churn(dir, nodes, mib, timeout, upload);
            case "late-joiner" -> FaultScenarios.lateJoiner(dir, nodes, mib, timeout, upload);
            case "bad-peer" -> FaultScenarios.badPeer(dir, nodes, mib, timeout, upload);
            case "storage-restore" -> StorageScenario.run(dir, mib, timeout, upload);
            default -> throw new IllegalArgumentException("unknown scenario '" + scenario
                    + "' (converge, restore-from-survivor, churn, late-joiner, bad-peer, storage-restore)");
        };
    }

    static String converge(Path dir, int n, int mib, Duration timeout, boolean restore, long upload) throws Exception {
        if (n < 2) throw new IllegalArgumentException("need at least 2 nodes");
        List<TestnetNode> layout = TestnetLayout.create(dir, n, restore ? 1 : 0, Duration.ofSeconds(3), -1, upload);
        long size = generate(dir.resolve("data"), mib, 42);
        List<String> errors = new ArrayList<>();
        try (Testnet t = Testnet.start(dir, layout, n)) {
            long t0 = System.nanoTime();
            String id = t.snapshot();
            long snapMillis = (System.nanoTime() - t0) / 1_000_000;
            long[] doneAt = awaitAll(t, id, n, System.nanoTime(), timeout, errors);
            long origin = t.uploadedBytes(0);
            StringBuilder sb = new StringBuilder();
            sb.append("{\"scenario\":\"").append(restore ? "restore-from-survivor" : "converge").append("\",\"nodes\":").append(n)
                    .append(",\"snapshot\":\"").append(id).append("\",\"snapshot_bytes\":").append(size)
                    .append(",\"snapshot_seconds\":").append(snapMillis / 1000.0)
                    .append(",\"origin_bytes_sent\":").append(origin)
                    .append(",\"origin_ratio\":").append(String.format("%.3f", origin / (double) size));
            perNode(sb, t, doneAt);
            if (restore && errors.isEmpty()) restoreFromSurvivor(dir, t, layout, n, timeout, sb, errors);
            errors(sb, errors);
            return sb.toString();
        }
    }

    /**
     * Milliseconds from {@code start} until each running node 1..n-1 held {@code id} verified (0 for
     * node 0 and for nodes that did not within the timeout, which are added to {@code errors}).
     */
    static long[] awaitAll(Testnet t, String id, int n, long start, Duration timeout, List<String> errors) throws Exception {
        long[] doneAt = new long[n];
        long deadline = start + timeout.toNanos();
        int remaining = n - 1;
        while (remaining > 0 && System.nanoTime() < deadline) {
            for (int i = 1; i < n; i++) {
                if (doneAt[i] != 0) continue;
                long[] p = t.progress(i, id);
                if (p != null && p[2] == 1) {
                    doneAt[i] = Math.max(1, (System.nanoTime() - start) / 1_000_000);
                    remaining--;
                }
            }
            Thread.sleep(50);
        }
        for (int i = 1; i < n; i++) {
            if (doneAt[i] == 0) errors.add(t.nodes().get(i).name() + " did not hold snapshot " + id + " verified within " + timeout);
        }
        return doneAt;
    }

    /** The per-node part of a report: {@code "per_node":[…],"total_bytes_sent":…,"seconds_to_all_verified":…}. */
    static void perNode(StringBuilder sb, Testnet t, long[] doneAt) throws IOException {
        long total = 0;
        long slowest = 0;
        sb.append(",\"per_node\":[");
        for (int i = 0; i < doneAt.length; i++) {
            long up = t.process(i).isAlive() ? t.uploadedBytes(i) : -1;
            total += Math.max(0, up);
            slowest = Math.max(slowest, doneAt[i]);
            if (i > 0) sb.append(',');
            sb.append("{\"node\":\"").append(t.nodes().get(i).name()).append("\",\"seconds_to_verified\":")
                    .append(i == 0 ? "0" : doneAt[i] == 0 ? "null" : String.valueOf(doneAt[i] / 1000.0))
                    .append(",\"bytes_sent\":").append(up).append('}');
        }
        sb.append("],\"total_bytes_sent\":").append(total).append(",\"seconds_to_all_verified\":").append(slowest / 1000.0);
    }

    static void errors(StringBuilder sb, List<String> errors) {
        sb.append(",\"errors\":[");
        for (int i = 0; i < errors.size(); i++) sb.append(i > 0 ? "," : "").append('"').append(errors.get(i).replace("\"", "'").replace("\n", " ")).append('"');
        sb.append("],\"ok\":").append(errors.isEmpty()).append('}');
    }

    private static void restoreFromSurvivor(Path dir, Testnet t, List<TestnetNode> layout, int n, Duration timeout,
                                            StringBuilder sb, List<String> errors) throws Exception {
        t.process(0).kill();
        deleteTree(layout.get(0).home());
        TestnetNode bare = layout.get(n);
        Path target = dir.resolve("restored");
        String java = ProcessHandle.current().info().command().orElseThrow();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.phoenix.node.cli.Main", "swarm-restore", "latest", "--to", target.toString(), "--json", "--timeout",
                Long.toString(timeout.toSeconds()), "--home", bare.home().toString(), "--passphrase-file", dir.resolve("passphrase").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(dir.resolve("restore.log").toFile())).start();
        if (!p.waitFor(timeout.toSeconds() + 30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            errors.add("bare restore did not finish");
            return;
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (p.exitValue() != 0) {
            errors.add("bare restore exited " + p.exitValue() + ": " + Files.readString(dir.resolve("restore.log")));
            return;
        }
        List<String> diffs = new ArrayList<>();
        for (String layer : List.of("mind", "body", "spirit")) {
            diffs.addAll(TreeDiff.compare(dir.resolve("data").resolve(layer), target.resolve(layer)));
        }
        sb.append(",\"restore\":{\"node\":\"").append(bare.name()).append("\",\"seconds\":").append(millis / 1000.0)
                .append(",\"byte_identical\":").append(diffs.isEmpty()).append('}');
        if (!diffs.isEmpty()) errors.add("restored tree differs: " + diffs.subList(0, Math.min(5, diffs.size())));
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
