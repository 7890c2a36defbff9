package io.phoenix.testnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fault scenarios: {@code churn}, {@code late-joiner}, {@code bad-peer}. */
final class FaultScenarios {
    private FaultScenarios() {}

    /**
     * churn: the last node is SIGKILLed mid-transfer (2 s after it first held a quarter of the
     * snapshot, so that at least one of the daemon's once-a-second flushes made that quarter
     * durable), restarted, and must complete without refetching what it kept: after the restart
     * it holds at least the quarter, and what it then fetches is at most the rest.
     */
    static String churn(Path dir, int n, int mib, Duration timeout, long upload) throws Exception {
        // anti-entropy every second: at least one heads exchange falls in the 2 s before the kill,
        // so the writer must have seen the victim's progress (partial N%, N >= 25) in its matrix
        List<TestnetNode> layout = TestnetLayout.create(dir, n, 0, Duration.ofSeconds(1), -1, upload);
        long size = Scenarios.generate(dir.resolve("data"), mib, 7);
        List<String> errors = new ArrayList<>();
        try (Testnet t = Testnet.start(dir, layout, n)) {
            String id = t.snapshot();
            long start = System.nanoTime();
            int victim = n - 1;
            String name = layout.get(victim).name();
            long quarterAt = 0;
            long durable = -1;
            long heldAtKill = -1;
            long total = -1;
            long deadline = start + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                long[] p = t.progress(victim, id);
                if (p != null && p[2] == 1) break;
                if (p != null && p[1] > 0 && p[0] * 4 >= p[1]) {
                    if (quarterAt == 0) {
                        quarterAt = System.nanoTime();
                        durable = p[0];
                    } else if (System.nanoTime() - quarterAt >= 2_000_000_000L) { // flushed at least once since
                        t.process(victim).kill();
                        heldAtKill = p[0];
                        total = p[1];
                        break;
                    }
                }
                Thread.sleep(20);
            }
            StringBuilder sb = new StringBuilder("{\"scenario\":\"churn\",\"nodes\":").append(n).append(",\"snapshot\":\"").append(id)
                    .append("\",\"snapshot_bytes\":").append(size);
            if (heldAtKill < 0) {
                errors.add(name + " finished before it could be killed mid-transfer (use a larger --size or a lower --upload-limit)");
            } else {
                String cell = matrixCell(t, 0, id, name);
                sb.append(",\"writer_saw_victim_as\":").append(cell == null ? "null" : "\"" + cell + "\"");
                Matcher pct = Pattern.compile("partial (\\d+)%").matcher(cell == null ? "" : cell);
                if (!pct.matches() || Integer.parseInt(pct.group(1)) < 25) {
                    errors.add("after the kill node0's swarm status showed " + name + " as '" + cell
                            + "', not the partial progress (>= 25%) it reported by anti-entropy");
                }
                t.restart(victim);
                long[] first = null;
                while (System.nanoTime() < deadline) {
                    first = t.progress(victim, id); // held counts once the resumed fetch has registered the index
                    if (first != null && first[1] > 0) break;
                    Thread.sleep(20);
                }
                long heldAfter = first == null ? -1 : first[0];
                long[] done = Scenarios.awaitAll(t, id, n, start, timeout, errors);
                // the index reads complete as soon as the last block is stored; the fetch's own
                // result (what it fetched) is recorded a moment later, after the store's flush
                long[] fetched = done[victim] == 0 ? null : t.awaitFetched(victim, id, Duration.ofSeconds(10));
                sb.append(",\"killed\":{\"node\":\"").append(name).append("\",\"durable_before_kill\":").append(durable)
                        .append(",\"held_at_kill\":").append(heldAtKill).append(",\"total\":").append(total)
                        .append(",\"held_after_restart\":").append(heldAfter)
                        .append(",\"fetched_blocks_after_restart\":").append(fetched == null ? -1 : fetched[0])
                        .append(",\"fetched_bytes_after_restart\":").append(fetched == null ? -1 : fetched[1]).append('}');
                if (heldAfter < durable) {
                    errors.add("after the restart " + name + " held " + heldAfter + " blocks, fewer than the " + durable
                            + " it held 2 s (more than one flush) before the kill: it lost durable blocks");
                }
                if (fetched == null) {
                    errors.add(name + " reported no fetch after the restart");
                } else if (fetched[0] > total - durable) {
                    // (compared with what was durable, not with held_after_restart, which is polled
                    // a moment after the resumed fetch started and may already include new blocks)
                    errors.add(name + " fetched " + fetched[0] + " blocks after the restart but at most " + (total - durable)
                            + " of " + total + " were missing: it refetched blocks it held");
                } else if (fetched[1] >= size) {
                    errors.add(name + " fetched " + fetched[1] + " bytes after the restart, the whole snapshot (" + size + ")");
                }
                sb.append(",\"origin_bytes_sent\":").append(t.uploadedBytes(0));
                Scenarios.perNode(sb, t, done);
                Scenarios.errors(sb, errors);
                return sb.toString();
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
     * anti-entropy, holding all three verified. Its log says how it learnt each snapshot; the two
     * older ones are long out of any gossip cache, so they must have come by anti-entropy.
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
                if (ids.contains(id)) errors.add("snapshot " + (s + 1) + " has the same id as an earlier one: the data did not change");
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
            String log = Files.readString(layout.get(late).home().resolve("logs").resolve("node.log"));
            StringBuilder sb = new StringBuilder("{\"scenario\":\"late-joiner\",\"nodes\":").append(n).append(",\"snapshot_bytes\":").append(size)
                    .append(",\"late_node\":\"").append(layout.get(late).name()).append("\",\"snapshots\":[");
            for (int s = 0; s < 3; s++) {
                if (doneAt[s] == 0) errors.add(layout.get(late).name() + " did not catch up with snapshot " + (s + 1) + " within " + timeout);
                Matcher via = Pattern.compile("new snapshot " + Pattern.quote(ids.get(s)) + " #\\d+ by \\S+ \\(learnt via ([a-z-]+)").matcher(log);
                String how = via.find() ? via.group(1) : null;
                if (s < 2 && !"anti-entropy".equals(how)) {
                    errors.add(layout.get(late).name() + " learnt snapshot " + (s + 1) + " via " + how + ", not anti-entropy");
                }
                sb.append(s > 0 ? "," : "").append("{\"id\":\"").append(ids.get(s)).append("\",\"learnt_via\":")
                        .append(how == null ? "null" : "\"" + how + "\"").append(",\"seconds_to_verified\":")
                        .append(doneAt[s] == 0 ? "null" : String.valueOf(doneAt[s] / 1000.0)).append('}');
            }
            sb.append("],\"origin_bytes_sent\":").append(t.uploadedBytes(0));
            Scenarios.errors(sb, errors);
            return sb.toString();
        }
    }

    /**
     * bad-peer: node1 serves every data block with one bit flipped. It first replicates the
     * snapshot alone (so it is a complete seed, as likely a source as the writer), then the others
     * start. Everyone must still converge; every node that received a bad block must have banned
     * node1, and at least one must have.
     */
    static String badPeer(Path dir, int n, int mib, Duration timeout, long upload) throws Exception {
        if (n < 3) throw new IllegalArgumentException("bad-peer needs at least 3 nodes");
        List<TestnetNode> layout = TestnetLayout.create(dir, n, 0, Duration.ofSeconds(3), 1, upload);
        long size = Scenarios.generate(dir.resolve("data"), mib, 13);
        List<String> errors = new ArrayList<>();
        try (Testnet t = Testnet.start(dir, layout, 2)) {
            String id = t.snapshot();
            long start = System.nanoTime();
            Scenarios.awaitAll(t, id, 2, start, timeout, errors);
            for (int i = 2; i < n; i++) t.startSpare(i);
            long[] doneAt = Scenarios.awaitAll(t, id, n, start, timeout, errors);
            List<String> bannedBy = new ArrayList<>();
            long badBlocks = 0;
            for (int i = 2; i < n; i++) {
                boolean banned = t.banned(i).contains("node1");
                long[] f = t.awaitFetched(i, id, Duration.ofSeconds(10));
                long bad = f == null ? 0 : f[2];
                badBlocks += bad;
                if (banned) bannedBy.add(layout.get(i).name());
                if (bad > 0 && !banned) errors.add(layout.get(i).name() + " received " + bad + " bad blocks but did not ban node1");
            }
            if (bannedBy.isEmpty()) errors.add("no node banned the bad peer node1 (did it serve anything?)");
            StringBuilder sb = new StringBuilder("{\"scenario\":\"bad-peer\",\"nodes\":").append(n).append(",\"snapshot\":\"").append(id)
                    .append("\",\"snapshot_bytes\":").append(size).append(",\"bad_peer\":\"node1\",\"banned_by\":").append(bannedBy.size())
                    .append(",\"banned_by_sites\":[");
            for (int i = 0; i < bannedBy.size(); i++) sb.append(i > 0 ? "," : "").append('"').append(bannedBy.get(i)).append('"');
            sb.append("],\"bad_blocks_received\":").append(badBlocks).append(",\"origin_bytes_sent\":").append(t.uploadedBytes(0));
            Scenarios.perNode(sb, t, doneAt);
            Scenarios.errors(sb, errors);
            return sb.toString();
        }
    }

    /** Node i's replication-matrix cell ({@code GET /v1/swarm/status}) for {@code site} and snapshot {@code id}. */
    static String matrixCell(Testnet t, int i, String id, String site) throws IOException {
        String body = t.control(i).get("/v1/swarm/status").body();
        Matcher row = Pattern.compile("\\{\"id\":\"" + Pattern.quote(id) + "\"[^{]*\"sites\":\\{([^}]*)\\}").matcher(body);
        if (!row.find()) return null;
        Matcher cell = Pattern.compile("\"" + Pattern.quote(site) + "\":\"([^\"]*)\"").matcher(row.group(1));
        return cell.find() ? cell.group(1) : null;
    }

    private static byte[] randomBytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
