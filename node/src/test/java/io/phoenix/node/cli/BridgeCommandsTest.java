package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge commands' help and usage errors (no servers; the end-to-end runs are the *BridgeCliIT / CarBridgeIT). */
class BridgeCommandsTest {
    @TempDir
    Path dir;

    @Test
    void everyBridgeCommandHasCompleteHelp() {
        CliHarness cli = new CliHarness(dir.resolve("home"));
        CliHarness.Result top = cli.run("--help");
        for (String c : List.of("export", "import", "bridge")) assertTrue(top.out().contains(c), top.out());
        for (List<String> c : List.of(List.of("export"), List.of("import"), List.of("bridge", "push"), List.of("bridge", "status"))) {
            String[] args = java.util.stream.Stream.concat(c.stream(), java.util.stream.Stream.of("--help")).toArray(String[]::new);
            CliHarness.Result r = cli.run(args);
            assertEquals(0, r.code(), c + ": " + r);
            assertTrue(r.out().contains("--json") && r.out().contains("--home") && r.out().contains("--passphrase-file"), c + ":\n" + r.out());
        }
        assertTrue(cli.run("restore", "--help").out().contains("--from"));
    }

    @Test
    void restoreFromSwarmTakesNoPartialOrBridgeOptions() throws Exception {
        CliHarness cli = new CliHarness(dir.resolve("home")).init();
        assertTrue(cli.run("restore", "--help").out().contains("--from-swarm"));
        for (List<String> extra : List.of(List.of("--layer", "mind"), List.of("--from", "ipfs"), List.of("--layer", "mind", "--path", "a"))) {
            List<String> args = new java.util.ArrayList<>(List.of("restore", "latest", "--to", dir.resolve("out").toString(), "--from-swarm"));
            args.addAll(extra);
            CliHarness.Result r = cli.run(args.toArray(String[]::new));
            assertEquals(ExitCode.USAGE, r.code(), r.toString());
            assertTrue(r.err().contains("--from-swarm restores the whole latest snapshot"), r.err());
        }
    }

    @Test
    void BadBridgeArgumentsAreUsageErrors() throws Exception {
        CliHarness cli = new CliHarness(dir.resolve("home")).init();
        assertEquals(ExitCode.USAGE, cli.run("export", "latest").code(), "--car is required");
        assertEquals(ExitCode.USAGE, cli.run("import").code(), "--car is required");
        assertEquals(ExitCode.USAGE, cli.run("import", "--car", dir.resolve("none.car").toString()).code(), "missing file");
        CliHarness.Result unknown = cli.run("bridge", "push", "dropbox", "latest");
        assertEquals(ExitCode.USAGE, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("ipfs, pinning, arweave, car"), unknown.err());
        assertEquals(ExitCode.USAGE, cli.run("bridge", "push", "car", "latest").code(), "no snapshots yet");
        CliHarness.Result from = cli.run("restore", "latest", "--to", dir.resolve("o").toString(), "--from", "s3");
        assertEquals(ExitCode.USAGE, from.code(), from.toString());
        Files.writeString(dir.resolve("exists.car"), "x");
        assertEquals(ExitCode.USAGE, cli.run("export", "latest", "--car", dir.resolve("exists.car").toString()).code(), "never overwrites");
        CliHarness.Result status = cli.run("bridge", "status");
        assertEquals(0, status.code(), status.toString());
        assertTrue(status.out().contains("no bridges configured"), status.out());
    }

    @Test
    void TruncatedCarIsRefused() throws Exception {
        CliHarness cli = new CliHarness(dir.resolve("home")).init();
        Path car = dir.resolve("torn.car");
        Files.write(car, new byte[] {0x3a, (byte) 0xa2, 0x65}); // a header length, then too few bytes
        CliHarness.Result r = cli.run("import", "--car", car.toString());
        assertEquals(ExitCode.DAMAGE, r.code(), r.toString());
        assertEquals("[]", cli.run("snapshots", "--json").out().trim());
    }
}
