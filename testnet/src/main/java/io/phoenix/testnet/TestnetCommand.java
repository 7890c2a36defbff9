package io.phoenix.testnet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phoenix testnet up|down|run}. */
@Command(name = "testnet", mixinStandardHelpOptions = true, description = "A local swarm of real node processes on 127.0.0.1.",
        subcommands = {TestnetCommand.Up.class, TestnetCommand.Down.class, TestnetCommand.Run.class})
public final class TestnetCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Create N homes in DIR (node0 is the writer, layers in DIR/data) and start their nodes; prints them as JSON.")
    static final class Up implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--nodes", required = true) int nodes;
        @Option(names = "--dir", required = true) Path dir;
        @Option(names = "--json", description = "JSON output (the default and only format).") boolean json;
        @Option(names = "--upload-limit", defaultValue = "0", paramLabel = "BYTES/S", description = "Per-node upload limit (default 0 = unlimited).") long upload;

        @Override
        public Integer call() throws Exception {
            if (Files.exists(dir.resolve("swarm.toml"))) throw new IllegalArgumentException(dir + " already holds a testnet (run 'testnet down' and remove it)");
            var layout = TestnetLayout.create(dir.toAbsolutePath(), nodes, 0, Duration.ofSeconds(5), -1, upload);
            Testnet t = Testnet.start(dir.toAbsolutePath(), layout, nodes);
            spec.commandLine().getOut().println(t.describe());
            return 0; // the node processes keep running; 'testnet down --dir' stops them
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the nodes of the testnet in DIR (SIGTERM).")
    static final class Down implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", required = true) Path dir;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().println("stopped " + Testnet.down(dir.toAbsolutePath()) + " node(s)");
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run a scenario and print a JSON report.")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--scenario", required = true, description = "converge | restore-from-survivor | churn | late-joiner | bad-peer | storage-restore (always 2 nodes + a spare) | small-files") String scenario;
        @Option(names = "--nodes", defaultValue = "3") int nodes;
        @Option(names = "--size", defaultValue = "8", paramLabel = "MiB") int size;
        @Option(names = "--files", defaultValue = "250000", paramLabel = "N", description = "small-files: files of 200-600 bytes (default 250000).") int files;
        @Option(names = "--dir", description = "Work directory (default: a new temporary directory, deleted afterwards).") Path dir;
        @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS") long timeout;
        @Option(names = "--json", description = "JSON output (the default and only format).") boolean json;
        @Option(names = "--upload-limit", defaultValue = "4000000", paramLabel = "BYTES/S",
                description = "Per-node upload limit emulating a site's uplink (default 4000000; 0 = unlimited).") long upload;

        @Override
        public Integer call() throws Exception {
            Path d = dir != null ? dir.toAbsolutePath() : Files.createTempDirectory("phoenix-testnet-");
            try {
                String report = scenario.equals("small-files")
                        ? SmallFilesScenario.run(d, nodes, files, Duration.ofSeconds(timeout), upload).json()
                        : Scenarios.run(scenario, nodes, size, d, Duration.ofSeconds(timeout), upload);
                spec.commandLine().getOut().println(report);
                return report.endsWith("\"ok\":true}") ? 0 : 1;
            } finally {
                if (dir == null) Scenarios.deleteTree(d);
            }
        }
    }
}
