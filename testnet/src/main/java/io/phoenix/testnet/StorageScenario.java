package io.phoenix.testnet;

import io.phoenix.node.daemon.NodeKeysFiles;
import io.phoenix.node.demo.TreeDiff;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.KeyRing;
import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code storage-restore}: node0 (writer), node1 (role {@code storage}, not a reader) and a spare
 * reader node2 that has no swarm key yet.
 *
 * <ol>
 *   <li>node0 snapshots; node1 replicates it and signs a receipt (seen by node0) without any key
 *       file: no {@code keys/swarm.wrap}, no {@code keys/swarm.secret};
 *   <li>the reader obtains the key the documented way: {@code phoenix swarm wrap-key} on node0's
 *       home (while its node runs) and {@code phoenix swarm install-key} on node2's home; the same
 *       commands refuse the storage site;
 *   <li>node0 is SIGKILLed and its home deleted; node2 restores from node1 alone, byte-identical;
 *   <li>node1 cannot decrypt: {@code swarm-restore} on its home fails, and its own key ring does
 *       not open the snapshot's root tree blocks it stores (node2's does: the check can fail).
 * </ol>
 */
final class StorageScenario {
    private StorageScenario() {}

    record Cli(int exit, String output) {}

    static String run(Path dir, int mib, Duration timeout, long upload) throws Exception {
        List<TestnetNode> layout = TestnetLayout.create(dir, 2, 1, Duration.ofSeconds(2), -1, upload, Set.of(1), Set.of(2));
        long size = Scenarios.generate(dir.resolve("data"), mib, 17);
        List<String> errors = new ArrayList<>();
        TestnetNode writer = layout.get(0);
        TestnetNode storage = layout.get(1);
        TestnetNode reader = layout.get(2);
        StringBuilder sb = new StringBuilder("{\"scenario\":\"storage-restore\",\"nodes\":2,\"snapshot_bytes\":").append(size);
        String id;
        try (Testnet t = Testnet.start(dir, layout, 2)) {
            id = t.snapshot();
            sb.append(",\"snapshot\":\"").append(id).append('"');
            long[] doneAt = Scenarios.awaitAll(t, id, 2, System.nanoTime(), timeout, errors);
            boolean receipt = awaitReceipt(t, id, timeout);
            String role = t.control(1).get("/v1/status").body().contains("\"role\":\"storage\"") ? "storage" : "?";
            sb.append(",\"storage\":{\"node\":\"node1\",\"role\":\"").append(role).append("\",\"seconds_to_verified\":")
                    .append(doneAt[1] / 1000.0).append(",\"receipt_seen_by_writer\":").append(receipt)
                    .append(",\"key_files\":").append(keyFiles(storage.home())).append('}');
            if (!receipt) errors.add("the writer never saw a replication receipt from the storage site");
            if (!"storage".equals(role)) errors.add("node1 does not report role storage");
            if (NodeKeysFiles.hasSwarmKey(storage.home())) errors.add("the storage site's home holds a swarm key file");

            // the reader's key, the documented way, while the writer's node runs
            Path wrapFile = dir.resolve("node2.wrap");
            Cli wrap = cli(dir, writer, "swarm", "wrap-key", "--site", "node2", "--from-home", reader.home().toString(), "--out", wrapFile.toString());
            Cli install = cli(dir, reader, "swarm", "install-key", wrapFile.toString());
            Cli wrapStorage = cli(dir, writer, "swarm", "wrap-key", "--site", "node1", "--from-home", storage.home().toString(),
                    "--out", dir.resolve("node1.wrap").toString());
            Cli installStorage = cli(dir, storage, "swarm", "install-key", wrapFile.toString());
            sb.append(",\"keys\":{\"wrap_for_reader\":").append(wrap.exit()).append(",\"install_on_reader\":").append(install.exit())
                    .append(",\"wrap_for_storage\":").append(wrapStorage.exit()).append(",\"install_on_storage\":")
                    .append(installStorage.exit()).append('}');
            if (wrap.exit() != 0) errors.add("wrap-key for the reader failed: " + wrap.output());
            if (install.exit() != 0) errors.add("install-key on the reader failed: " + install.output());
            if (wrapStorage.exit() == 0 || !wrapStorage.output().contains("never holds the data key")) {
                errors.add("wrap-key for the storage site was not refused: " + wrapStorage.output());
            }
            if (installStorage.exit() == 0 || NodeKeysFiles.hasSwarmKey(storage.home())) {
                errors.add("install-key on the storage site was not refused: " + installStorage.output());
            }

            // the writer is gone; the reader restores from the storage site alone
            t.process(0).kill();
            Scenarios.deleteTree(writer.home());
            if (errors.isEmpty()) restore(dir, reader, timeout, sb, errors);
            t.process(1).stop(Duration.ofSeconds(10));
        }
        if (errors.isEmpty()) cannotDecrypt(dir, storage, reader, Cid.parse(id), timeout, sb, errors);
        Scenarios.errors(sb, errors);
        return sb.toString();
    }

    private static boolean awaitReceipt(Testnet t, String id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String latest = t.control(0).get("/v1/swarm/latest").body();
            if (latest.contains("\"id\":\"" + id + "\"") && latest.contains("\"site\":\"node1\"")) return true;
            Thread.sleep(100);
        }
        return false;
    }

    private static String keyFiles(Path home) throws IOException {
        StringBuilder sb = new StringBuilder("[");
        try (var s = Files.list(home.resolve("keys"))) {
            for (Path p : s.sorted().toList()) sb.append(sb.length() > 1 ? "," : "").append('"').append(p.getFileName()).append('"');
        }
        return sb.append(']').toString();
    }

    private static void restore(Path dir, TestnetNode reader, Duration timeout, StringBuilder sb, List<String> errors) throws Exception {
        Path target = dir.resolve("restored");
        long t0 = System.nanoTime();
        Cli r = cli(dir, reader, "swarm-restore", "latest", "--to", target.toString(), "--json", "--timeout", Long.toString(timeout.toSeconds()));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (r.exit() != 0) {
            errors.add("restore from the storage site exited " + r.exit() + ": " + r.output());
            return;
        }
        List<String> diffs = new ArrayList<>();
        for (String layer : List.of("mind", "body", "spirit")) diffs.addAll(TreeDiff.compare(dir.resolve("data").resolve(layer), target.resolve(layer)));
        sb.append(",\"restore\":{\"node\":\"").append(reader.name()).append("\",\"from\":\"node1\",\"seconds\":").append(millis / 1000.0)
                .append(",\"byte_identical\":").append(diffs.isEmpty()).append('}');
        if (!diffs.isEmpty()) errors.add("restored tree differs: " + diffs.subList(0, Math.min(5, diffs.size())));
    }

    private static void cannotDecrypt(Path dir, TestnetNode storage, TestnetNode reader, Cid id, Duration timeout,
                                      StringBuilder sb, List<String> errors) throws Exception {
        Cli r = cli(dir, storage, "swarm-restore", "latest", "--to", dir.resolve("storage-restored").toString(), "--timeout", "20");
        char[] pass = TestnetLayout.PASSPHRASE.toCharArray();
        KeyRing own = Home.unlockKeys(storage.home(), pass);
        KeyRing readerRing = NodeKeysFiles.withSwarmSecret(reader.home(), Home.unlockKeys(reader.home(), pass), pass);
        int opened = 0;
        int refused = 0;
        int roots = 0;
        try (Home h = Home.open(storage.home()); BlockStore store = h.openStore()) {
            SignedManifest m = SignedManifest.decode(id, store.get(id));
            for (Cid root : m.manifest().layers().values()) {
                roots++;
                byte[] block = store.get(root);
                if (opens(own, block)) opened++;
                if (!opens(readerRing, block)) refused++;
            }
        }
        sb.append(",\"storage_cannot_decrypt\":{\"swarm_restore_exit\":").append(r.exit()).append(",\"root_trees\":").append(roots)
                .append(",\"opened_with_own_keys\":").append(opened).append(",\"reader_failed_to_open\":").append(refused).append('}');
        if (r.exit() == 0 || !r.output().contains("holds no data key")) errors.add("swarm-restore on the storage site did not refuse: " + r.output());
        if (roots == 0) errors.add("the snapshot has no layer roots to test");
        if (opened > 0) errors.add("the storage site's own keys opened " + opened + " root tree blocks");
        if (refused > 0) errors.add("the reader's swarm key failed to open " + refused + " root tree blocks (the check is broken)");
    }

    private static boolean opens(KeyRing ring, byte[] block) {
        try {
            new BlockCodec(ring.dataKeys()).openVerified(block);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Runs {@code phoenix --home H --passphrase-file P args…} in its own JVM (as an operator would). */
    static Cli cli(Path dir, TestnetNode node, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.phoenix.node.cli.Main"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--home", node.home().toString(), "--passphrase-file", dir.resolve("passphrase").toString()));
        Path log = Files.createTempFile(dir, "cli-", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            return new Cli(-1, "timed out: " + String.join(" ", args));
        }
        return new Cli(p.exitValue(), Files.readString(log).strip());
    }
}
