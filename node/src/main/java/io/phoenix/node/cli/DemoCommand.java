package io.phoenix.node.cli;

import io.phoenix.node.demo.DemoDataset;
import io.phoenix.node.demo.SwarmDemo;
import io.phoenix.node.demo.TreeDiff;
import io.phoenix.node.home.Config;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.InitOptions;
import io.phoenix.node.restore.Damage;
import io.phoenix.node.restore.RestoreStats;
import io.phoenix.node.snapshot.LayerSource;
import io.phoenix.node.snapshot.SnapshotOutcome;
import io.phoenix.node.snapshot.SnapshotStats;
import io.phoenix.node.snapshot.Warnings;
import io.phoenix.protocol.json.Json;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phoenix demo}: the whole local cycle on a generated sample, in a temporary home. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the main job end to end without external services or prompts: create a temporary",
            "home (random passphrase), generate a sample dataset with the three layers (random weights, text,",
            "symlinks, empty directories), snapshot it, change it, snapshot again, restore the latest snapshot,",
            "verify every snapshot and check the restore is byte-identical (content, modes, mtimes, links).",
            "Ignores --home. Exit 0 when everything matched, 3 when something did not."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object with the result.")
    boolean json;

    @Option(names = "--keep", description = "Keep the working directory (its path is printed) instead of deleting it.")
    boolean keep;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work in DIR (must not exist; default: a new temporary directory).")
    Path dir;

    @Option(names = "--scale", paramLabel = "N", description = "Multiply the sample size by N (default 1: about 5 MiB).")
    int scale = 1;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the sample dataset (default 1).")
    long seed = 1;

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        if (scale < 1 || scale > 1000) throw new CliException(ExitCode.USAGE, "--scale must be 1..1000");
        Path work;
        if (dir != null) {
            if (Files.exists(dir)) throw new CliException(ExitCode.USAGE, "--dir " + dir + " already exists");
            work = Files.createDirectories(dir).toAbsolutePath();
        } else {
            work = Files.createTempDirectory("phoenix-demo-").toAbsolutePath();
        }
        boolean interactive = main.showProgress(json);
        Map<String, Object> j = Json.object();
        List<String> lines = new ArrayList<>();
        try {
            int code = run(main, work, j, lines);
            if (json) {
                j.put("ok", code == ExitCode.OK);
                main.out().println(Json.write(j));
            } else if (!main.quiet() || code != ExitCode.OK) {
                lines.forEach(main.out()::println);
            }
            return code;
        } finally {
            if (keep) {
                if (!json) main.out().println("kept " + work);
            } else {
                deleteTree(work);
            }
            if (interactive) main.err().flush();
        }
    }

    private int run(Main main, Path work, Map<String, Object> j, List<String> lines) throws IOException {
        Path data = work.resolve("data"), homeDir = work.resolve("home"), restored = work.resolve("restore");
        SecureRandom random = new SecureRandom();
        byte[] raw = new byte[24];
        random.nextBytes(raw);
        char[] pass = HexFormat.of().formatHex(raw).toCharArray();

        DemoDataset sample = new DemoDataset(seed, scale);
        List<Path> roots = sample.generate(data);
        Map<String, List<Path>> layers = new LinkedHashMap<>();
        for (int i = 0; i < Config.LAYERS.size(); i++) layers.put(Config.LAYERS.get(i), List.of(roots.get(i)));
        Config base = Config.defaults("demo");
        Config config = new Config("demo", layers, base.storePath(), base.listen(), base.bootstrap(), base.snapshotTime(), 0, 0, Map.of());
        String peer;
        try (Home home = Home.init(homeDir, InitOptions.of("demo", pass).withConfig(config))) {
            peer = home.publicKeys().peerId().toString();
        }
        lines.add("Phoenix demo in " + work);
        lines.add("  home      " + homeDir + " (peer " + peer + ", random passphrase)");
        j.put("dir", work.toString());
        j.put("peerId", peer);

        List<LayerSource> sources = new ArrayList<>();
        layers.forEach((k, v) -> sources.add(new LayerSource(k, v)));
        int threads = Runtime.getRuntime().availableProcessors();
        try (Session s = Session.open(homeDir, pass)) {
            Warnings warnings = new Warnings(w -> main.err().println("phoenix: warning: " + w));
            SnapshotOutcome first = timed(s, sources, threads, warnings, "snapshot1", j, lines);
            sample.change(data);
            lines.add("  changed   edited a weights file, appended a log, replaced runtime state, added and deleted files");
            SnapshotOutcome second = timed(s, sources, threads, warnings, "snapshot2", j, lines);

            RestoreStats rs = new RestoreStats();
            Damage restoreDamage = new Damage();
            long t0 = System.nanoTime();
            s.repo.restore(s.repo.history().latest().orElseThrow().signed(), restored, List.of(), null, threads, rs, restoreDamage);
            double rsecs = (System.nanoTime() - t0) / 1e9;
            List<String> diffs = new ArrayList<>();
            for (int i = 0; i < roots.size(); i++) {
                for (String d : TreeDiff.compare(roots.get(i), restored.resolve(Config.LAYERS.get(i)))) diffs.add(Config.LAYERS.get(i) + "/" + d);
            }
            lines.add(String.format("  restore   latest -> %s: %d files, %d dirs, %d symlinks (%s) in %s; byte-identical: %s",
                    restored, rs.files.get(), rs.directories.get(), rs.symlinks.get(), Units.bytes(rs.bytes.get()),
                    Units.seconds(rsecs), diffs.isEmpty() && !restoreDamage.any() ? "yes" : "NO"));
            diffs.forEach(d -> lines.add("    differs: " + d));
            restoreDamage.lines().forEach(d -> lines.add("    " + d));

            Damage verifyDamage = new Damage();
            RestoreStats vs = new RestoreStats();
            t0 = System.nanoTime();
            s.repo.verify(s.repo.history().newestFirst(), threads, vs, verifyDamage);
            double vsecs = (System.nanoTime() - t0) / 1e9;
            lines.add(String.format("  verify    --all: 2 snapshots, %d files, %d blocks in %s: %s", vs.files.get(), vs.blocks.get(),
                    Units.seconds(vsecs), verifyDamage.any() ? "DAMAGED" : "OK"));
            verifyDamage.lines().forEach(d -> lines.add("    " + d));
            boolean ok = diffs.isEmpty() && !restoreDamage.any() && !verifyDamage.any() && !warnings.incomplete()
                    && second.id() != null && !second.id().equals(first.id());
            lines.add(ok ? "demo OK: snapshot, incremental snapshot, restore and verify all matched" : "demo FAILED (see above)");
            Map<String, Object> r = Json.object();
            r.put("files", rs.files.get());
            r.put("bytes", rs.bytes.get());
            r.put("seconds", rsecs);
            r.put("identical", diffs.isEmpty() && !restoreDamage.any());
            r.put("differences", diffs);
            j.put("restore", r);
            Map<String, Object> v = Json.object();
            v.put("snapshots", 2);
            v.put("files", vs.files.get());
            v.put("blocks", vs.blocks.get());
            v.put("seconds", vsecs);
            v.put("ok", !verifyDamage.any());
            v.put("damage", verifyDamage.lines());
            j.put("verify", v);
            ok &= SwarmDemo.run(work.resolve("swarm"), roots, j, lines); // 3-node swarm part (daemon)
            return ok ? ExitCode.OK : ExitCode.DAMAGE;
        } finally {
            Arrays.fill(pass, '\0');
        }
    }

    private static SnapshotOutcome timed(Session s, List<LayerSource> sources, int threads, Warnings warnings, String key,
                                         Map<String, Object> j, List<String> lines) throws IOException {
        SnapshotStats st = new SnapshotStats();
        long t0 = System.nanoTime();
        SnapshotOutcome o = s.repo.snapshot(sources, threads, st, warnings);
        double secs = (System.nanoTime() - t0) / 1e9;
        lines.add(String.format("  %-9s %s: %d files (%s), %d read, %d new blocks (%s stored) in %s", key, o.id(), st.files.get(),
                Units.bytes(st.bytes.get()), st.filesRead.get(), st.newBlocks.get(), Units.bytes(st.newBytes.get()), Units.seconds(secs)));
        Map<String, Object> m = Json.object();
        m.put("id", o.id().toString());
        m.put("files", st.files.get());
        m.put("bytes", st.bytes.get());
        m.put("filesRead", st.filesRead.get());
        m.put("newBytes", st.newBytes.get());
        m.put("blocks", o.blocks());
        m.put("newBlocks", st.newBlocks.get());
        m.put("seconds", secs);
        j.put(key, m);
        return o;
    }

    /** Removes {@code root} and everything below it, read-only directories too. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.setAttribute(d, "unix:mode", 0700);
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
