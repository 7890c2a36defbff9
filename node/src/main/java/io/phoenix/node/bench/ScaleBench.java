package io.phoenix.node.bench;

import io.phoenix.node.daemon.DaemonSettings;
import io.phoenix.node.daemon.NodeKeysFiles;
import io.phoenix.node.home.ConfigException;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.KeyRing;
import io.phoenix.node.snapshot.CodecWarmup;
import io.phoenix.node.snapshot.Repository;
import io.phoenix.node.snapshot.SnapshotOutcome;
import io.phoenix.node.snapshot.SnapshotStats;
import io.phoenix.node.snapshot.Warnings;
import io.phoenix.node.swarm.SwarmFile;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scale benchmark's entry point ({@code bench/scale.sh}; not a command of the CLI): snapshots
 * of a {@link SyntheticSource} through the real engine into a home, with the home's keys and swarm
 * id as {@code phoenix snapshot} uses them. Run as {@code java -cp node-*-cli.jar
 * io.phoenix.node.bench.ScaleBench COMMAND HOME ...} with {@code PHOENIX_PASSPHRASE} set; the home
 * must not be in use.
 *
 * <ul>
 *   <li>{@code build HOME --files N --snapshots S [--build-rate R] [--rate R] [--seed X] [--threads T]}:
 *       records the tree's spec in {@code HOME/synthetic-source.properties} (or reads it, when the
 *       home has one: an interrupted build resumes) and takes snapshots of generations 0, 1, …
 *       until the history holds S; one line per snapshot, then the number of blocks in the store.</li>
 *   <li>{@code snapshot HOME [--threads T]}: one snapshot of the next generation (one more than the
 *       history's length minus one); prints one JSON line.</li>
 *   <li>{@code count HOME}: the number of blocks in the store.</li>
 * </ul>
 */
public final class ScaleBench {
    static final String SPEC_FILE = "synthetic-source.properties";

    private ScaleBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) usage();
        Path home = Path.of(args[1]).toAbsolutePath().normalize();
        String files = option(args, "--files", null);
        int threads = Integer.parseInt(option(args, "--threads", Integer.toString(Runtime.getRuntime().availableProcessors())));
        switch (args[0]) {
            case "build" -> {
                if (files == null && !Files.exists(home.resolve(SPEC_FILE))) usage();
                SyntheticSource.Spec spec = files == null ? readSpec(home) : new SyntheticSource.Spec(
                        Long.parseLong(option(args, "--seed", "1")), Long.parseLong(files),
                        Integer.parseInt(option(args, "--snapshots", "100")),
                        Double.parseDouble(option(args, "--build-rate", "0.01")), Double.parseDouble(option(args, "--rate", "0.01")));
                if (Files.exists(home.resolve(SPEC_FILE))) {
                    SyntheticSource.Spec recorded = readSpec(home);
                    if (!recorded.equals(spec)) throw new IllegalArgumentException("home holds a build of " + recorded + ", not " + spec);
                } else {
                    writeSpec(home, spec);
                }
                build(home, spec, threads);
            }
            case "snapshot" -> {
                CodecWarmup.start(CodecWarmup.Direction.ENCODE);
                try (Opened o = Opened.open(home)) {
                    int generation = o.repo.history().newestFirst().size();
                    take(o.repo, readSpec(home), generation, threads, true);
                }
            }
            case "count" -> {
                try (Opened o = Opened.open(home)) {
                    System.out.println(count(o.store));
                }
            }
            default -> usage();
        }
    }

    private static void build(Path home, SyntheticSource.Spec spec, int threads) throws IOException, ConfigException {
        long t0 = System.nanoTime();
        try (Opened o = Opened.open(home)) {
            int generation = o.repo.history().newestFirst().size();
            if (generation > 0) System.out.println("resuming at generation " + generation);
            for (; generation < spec.buildSnapshots(); generation++) take(o.repo, spec, generation, threads, false);
            System.out.printf(Locale.ROOT, "built %d snapshots in %.1f s; store holds %d blocks%n", spec.buildSnapshots(),
                    (System.nanoTime() - t0) / 1e9, count(o.store));
        }
    }

    private static void take(Repository repo, SyntheticSource.Spec spec, int generation, int threads, boolean json) throws IOException {
        SyntheticSource source = new SyntheticSource(spec, generation);
        SnapshotStats stats = new SnapshotStats();
        Warnings warnings = new Warnings(w -> System.err.println("scale: warning: " + w));
        long t0 = System.nanoTime();
        SnapshotOutcome o = repo.snapshot(source, source.layers(), threads, stats, warnings);
        double secs = (System.nanoTime() - t0) / 1e9;
        if (warnings.incomplete()) throw new IOException("snapshot of generation " + generation + " incomplete: " + warnings.all());
        if (json) {
            System.out.printf(Locale.ROOT, "{\"id\":\"%s\",\"generation\":%d,\"files\":%d,\"filesRead\":%d,\"blocks\":%d,\"newBlocks\":%d,"
                            + "\"newBytes\":%d,\"seconds\":%.3f}%n", o.id(), generation, stats.files.get(), stats.filesRead.get(), o.blocks(),
                    stats.newBlocks.get(), stats.newBytes.get(), secs);
        } else {
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "snapshot %3d  %s  files %d  read %d  blocks %d  new %d (%d bytes)  %.1f s  heap used %d MiB%n",
                    generation, o.id(), stats.files.get(), stats.filesRead.get(), o.blocks(), stats.newBlocks.get(), stats.newBytes.get(),
                    secs, (rt.totalMemory() - rt.freeMemory()) >> 20);
        }
        System.out.flush();
    }

    private static long count(BlockStore store) throws IOException {
        AtomicLong n = new AtomicLong();
        store.forEach(c -> n.incrementAndGet());
        return n.get();
    }

    static SyntheticSource.Spec readSpec(Path home) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve(SPEC_FILE))) {
            p.load(in);
        }
        return new SyntheticSource.Spec(Long.parseLong(p.getProperty("seed")), Long.parseLong(p.getProperty("files")),
                Integer.parseInt(p.getProperty("build.snapshots")), Double.parseDouble(p.getProperty("build.rate")),
                Double.parseDouble(p.getProperty("rate")));
    }

    private static void writeSpec(Path home, SyntheticSource.Spec spec) throws IOException {
        Properties p = new Properties();
        p.setProperty("seed", Long.toString(spec.seed()));
        p.setProperty("files", Long.toString(spec.files()));
        p.setProperty("build.snapshots", Integer.toString(spec.buildSnapshots()));
        p.setProperty("build.rate", Double.toString(spec.buildRate()));
        p.setProperty("rate", Double.toString(spec.rate()));
        try (OutputStream out = Files.newOutputStream(home.resolve(SPEC_FILE))) {
            p.store(out, "synthetic source of bench/scale.sh (io.phoenix.node.bench.SyntheticSource)");
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 2; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
        return fallback;
    }

    private static void usage() {
        System.err.println("usage: ScaleBench build HOME --files N [--snapshots S] [--build-rate R] [--rate R] [--seed X] [--threads T]\n"
                + "       ScaleBench snapshot HOME [--threads T]\n       ScaleBench count HOME\n(PHOENIX_PASSPHRASE must be set)");
        System.exit(2);
    }

    /** A home opened as {@code phoenix snapshot} opens it: its keys (with the swarm's secret), store and swarm id. */
    private record Opened(Home home, BlockStore store, Repository repo) implements AutoCloseable {
        static Opened open(Path dir) throws IOException, ConfigException {
            String pass = System.getenv("PHOENIX_PASSPHRASE");
            if (pass == null || pass.isEmpty()) throw new IllegalArgumentException("set PHOENIX_PASSPHRASE");
            Home home = Home.open(dir);
            char[] p = pass.toCharArray();
            KeyRing keys;
            try {
                keys = NodeKeysFiles.withSwarmSecret(dir, home.unlock(p), p);
            } finally {
                Arrays.fill(p, '\0');
            }
            Path swarmFile = dir.resolve(DaemonSettings.read(dir).swarmFile());
            String swarmId = Files.exists(swarmFile) ? SwarmFile.read(swarmFile).id().toString() : "local";
            BlockStore store = home.openStore();
            return new Opened(home, store, new Repository(store, keys.dataKeys(), keys.signer(), home.snapshotsDirectory(), swarmId,
                    home.config().dataset(), Clock.systemUTC()));
        }

        @Override
        public void close() throws IOException {
            try {
                store.close();
            } finally {
                home.close();
            }
        }
    }
}
