package io.phoenix.testnet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fault scenarios: {@code churn}, {@code late-joiner}, {@code bad-peer}. */
final class FaultScenarios {
    private FaultScenarios() {}

    /**
     * churn: the last node is SIGKILLed once it holds a quarter of the snapshot, restarted, and must
     * complete without losing what it had (its first progress after the restart is at least what
     * it held when killed).
     */
    static String churn(Path dir, int n, int mib, Duration timeout, long upload) throws Exception {
        List<TestnetNode> layout = TestnetLayout.create(dir, n, 0, Duration.ofSeconds(3), -1, upload);
        long size = Scenarios.generate(dir.resolve("data"), mib, 7);
        List<String> errors = new ArrayList<>();
        try (Testnet t = Testnet.start(dir, layout, n)) {
            String id = t.snapshot();
            long start = System.nanoTime();
            int victim = n - 1;
            long heldAtKill = -1;
            long total = -1;
            long deadline = start + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                long[] p = t.progress(victim, id);
                if (p != null && p[2] == 1) break;
                if (p != null && p[1] > 0 && p[0] * 4 >= p[1]) { // a quarter held: kill mid-transfer
                    t.process(victim).kill();
                    heldAtKill = p[0];
                    total = p[1];
                    break;
                }
                Thread.sleep(20);
            }
            StringBuilder sb = new StringBuilder("{\"scenario\":\"churn\",\"nodes\":").append(n).append(",\"snapshot\":\"").append(id)
                    .append("\",\"snapshot_bytes\":").append(size);
            if (heldAtKill < 0) {
                errors.add(layout.get(victim).name() + " finished before it could be killed mid-transfer (use a larger --size)");
            } else {
                t.restart(victim);
                long[] first = null;
                while (System.nanoTime() < deadline) {
                    first = t.progress(victim, id); // held counts once the resumed fetch has registered the index
                    if (first != null && first[1] > 0) break;
                    Thread.sleep(20);
                }
                sb.append(",\"killed\":{\"node\":\"").append(layout.get(victim).name()).append("\",\"held_at_kill\":").append(heldAtKill)
                        .append(",\"total\":").append(total).append(",\"held_after_restart\":").append(first == null ? -1 : first[0]).append('}');
                // the store makes arrivals durable every second during a fetch, so at most the last
                // second of transfer may be fetched again; starting from zero would be a failure
                if (first == null || first[0] == 0) {
                    errors.add("after the restart " + layout.get(victim).name() + " held nothing of the " + heldAtKill
                            + " blocks it had before the kill: it did not resume");
                }
            }
            long[] doneAt = Scenarios.awaitAll(t, id, n, start, timeout, errors);
            sb.append(",\"origin_bytes_sent\":").append(t.uploadedBytes(0));
            Scenarios.perNode(sb, t, doneAt);
            Scenarios.errors(sb, errors);
            return sb.toString();
        }
    }

    /**
     * late-joiner: the last node is offline while the writer takes three snapshots (the data
     * changes between them); when it starts it has no gossip history and must catch up through
     * anti-entropy, holding all three verified.
     */
    static String lateJoiner(Path dir, int n, int mib, Duration timeout, long upload) throws Exception {
        List<TestnetNode> layout = TestnetLayout.create(dir, n, 0, Duration.ofSeconds(3), -1, upload);
        long size = Scenarios.generate(dir.resolve("data"), mib, 11);
        List<String> errors = new ArrayList<>();
        int late = n - 1;
        try (Testnet t = Testnet.start(dir, layout, late)) {
            List<String> ids = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                if (s > 0) Files.write(dir.resolve("data").resolve("mind").resolve("change-" + s + ".bin"), randomBytes(s, 256 * 1024));
                String id = t.snapshot();
                ids.add(id);
                Scenarios.awaitAll(t, id, late, System.nanoTime(), timeout, errors);
            }
            long start = System.nanoTime();
            t.startSpare(late);
            long[] doneAt = new long[3];
            long deadline = start + timeout.toNanos();
            int remaining = 3;
            while (remaining > 0 && System.nanoTime() < deadline) {
                for (int s = 0; s < 3; s++) {
                    if (doneAt[s] != 0) continue;
                    long[] p = t.progress(late, ids.get(s));
                    if (p != null && p[2] == 1) {
                        doneAt[s] = Math.max(1, (System.nanoTime() - start) / 1_000_000);
                        remaining--;
                    }
                }
                Thread.sleep(50);
            }
            StringBuilder sb = new StringBuilder("{\"scenario\":\"late-joiner\",\"nodes\":").append(n).append(",\"snapshot_bytes\":").append(size)
                    .append(",\"late_node\":\"").append(layout.get(late).name()).append("\",\"snapshots\":[");
            for (int s = 0; s < 3; s++) {
                if (doneAt[s] == 0) errors.add(layout.get(late).name() + " did not catch up with snapshot " + (s + 1) + " within " + timeout);
                sb.append(s > 0 ? "," : "").append("{\"id\":\"").append(ids.get(s)).append("\",\"seconds_to_verified\":")
                        .append(doneAt[s] == 0 ? "null" : String.valueOf(doneAt[s] / 1000.0)).append('}');
            }
            sb.append("],\"origin_bytes_sent\":").append(t.uploadedBytes(0));
            Scenarios.errors(sb, errors);
            return sb.toString();
        }
    }

    /**
     * bad-peer: node1 serves every data block with one bit flipped. Everyone must still converge,
     * and at least one node must have banned node1.
     */
    static String badPeer(Path dir, int n, int mib, Duration timeout, long upload) throws Exception {
        if (n < 3) throw new IllegalArgumentException("bad-peer needs at least 3 nodes");
        List<TestnetNode> layout = TestnetLayout.create(dir, n, 0, Duration.ofSeconds(3), 1, upload);
        long size = Scenarios.generate(dir.resolve("data"), mib, 13);
        List<String> errors = new ArrayList<>();
        try (Testnet t = Testnet.start(dir, layout, n)) {
            String id = t.snapshot();
            long[] doneAt = Scenarios.awaitAll(t, id, n, System.nanoTime(), timeout, errors);
            int bannedBy = 0;
            Pattern banned = Pattern.compile("\"banned\":\\[([^\\]]*)\\]");
            for (int i = 0; i < n; i++) {
                if (i == 1) continue;
                Matcher m = banned.matcher(t.control(i).get("/v1/status").body());
                if (m.find() && m.group(1).contains("\"node1\"")) bannedBy++;
            }
            if (bannedBy == 0) errors.add("no node banned the bad peer node1 (did it serve anything?)");
            StringBuilder sb = new StringBuilder("{\"scenario\":\"bad-peer\",\"nodes\":").append(n).append(",\"snapshot\":\"").append(id)
                    .append("\",\"snapshot_bytes\":").append(size).append(",\"bad_peer\":\"node1\",\"banned_by\":").append(bannedBy)
                    .append(",\"origin_bytes_sent\":").append(t.uploadedBytes(0));
            Scenarios.perNode(sb, t, doneAt);
            Scenarios.errors(sb, errors);
            return sb.toString();
        }
    }

    private static byte[] randomBytes(long seed, int n) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
