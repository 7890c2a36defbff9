package io.phoenix.node.cli;

import io.phoenix.node.demo.DemoDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training run of the JVM's AOT cache (JDK 25 and newer; docs/operations.md "JVM settings"):
 * the {@code ./phoenix} launcher runs this class once after each build with
 * {@code -XX:AOTCacheOutput}, and the JDK keeps every class it loaded and linked here, already
 * parsed and verified, for later runs. It runs in one JVM the commands a site uses most (init,
 * snapshot twice, snapshots, restore, verify, each command's help) on a small generated dataset in
 * {@code DIR}, which it deletes afterwards. Not a user command: its only output is a line on
 * failure, and a failed training only means the launcher runs without the cache.
 *
 * <p>Usage: {@code java -cp phoenix.jar io.phoenix.node.cli.AotTraining DIR}
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: AotTraining DIR (DIR must not exist)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        int failed;
        try {
            failed = train(dir);
        } finally {
            try {
                DemoCommand.deleteTree(dir);
            } catch (IOException e) { // the launcher removes DIR too
                System.err.println("phoenix: AOT training: could not remove " + dir + ": " + e.getMessage());
            }
        }
        if (failed > 0) System.err.println("phoenix: AOT training: " + failed + " command(s) failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    /** Runs the commands; returns how many did not exit as expected. */
    static int train(Path dir) throws IOException {
        Path data = dir.resolve("data");
        DemoDataset sample = new DemoDataset(1, 2);
        List<Path> layers = sample.generate(data);
        Path home = dir.resolve("home");
        Map<String, String> env = Map.of("PHOENIX_PASSPHRASE", "aot-training", "PHOENIX_HOME", home.toString());
        List<String> layerArgs = List.of("--layer", "mind=" + layers.get(0), "--layer", "body=" + layers.get(1),
                "--layer", "spirit=" + layers.get(2));
        int failed = 0;
        failed += run(env, 0, "init", "--dataset", "training");
        failed += run(env, 0, concat(List.of("snapshot"), layerArgs));
        sample.change(data);
        failed += run(env, 0, concat(List.of("snapshot", "--json"), layerArgs));
        failed += run(env, 0, "snapshots");
        failed += run(env, 0, "snapshots", "--json");
        failed += run(env, 0, "restore", "latest", "--to", dir.resolve("restored").toString());
        failed += run(env, 0, "restore", "latest", "--to", dir.resolve("restored-json").toString(), "--json");
        failed += run(env, 0, "verify", "--all");
        failed += run(env, 0, "verify", "--all", "--json");
        failed += run(env, 0, "--help");
        for (String command : List.of("init", "snapshot", "snapshots", "restore", "verify", "export", "import", "bridge", "swarm", "node", "p2p", "repair")) {
            failed += run(env, 0, command, "--help");
        }
        failed += run(env, 2, "snapshot", "--no-such-option");
        return failed;
    }

    private static int run(Map<String, String> env, int expected, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), env, false);
        if (code == expected) return 0;
        System.err.println("phoenix: AOT training: 'phoenix " + String.join(" ", args) + "' exited " + code + ": " + err.toString().strip());
        return 1;
    }

    private static int run(Map<String, String> env, int expected, List<String> args) {
        return run(env, expected, args.toArray(String[]::new));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
