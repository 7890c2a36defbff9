package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.phoenix.node.demo.TreeDiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random points of {@code phoenix snapshot} running in a real child process, many
 * times: afterwards {@code verify --all} passes every time, the history is unchanged (killed
 * before the commit point) or has exactly one new whole snapshot on top of the previous head
 * (killed after it), and the next snapshot completes and restores byte-identical.
 */
class SnapshotKillIT {
    private static final int RUNS = 6;

    @TempDir
    Path dir;

    @Test
    void SnapshotKilledAtRandomPointsLeavesPreviousStateIntact() throws Exception {
        long seed = Long.getLong("phoenix.kill.seed", 20261125L);
        Random rnd = new Random(seed);
        CliHarness cli = new CliHarness(dir.resolve("home")).init();
        Path src = Files.createDirectories(dir.resolve("src"));
        for (int i = 0; i < 40; i++) write(src.resolve("base/f" + i + ".bin"), 256 << 10, rnd);
        String layer = "mind=" + src;
        assertEquals(0, cli.run("snapshot", "--layer", layer, "-q").code());

        // One uninterrupted child run of the same size as the killed ones, to know how long a run takes.
        write(src.resolve("probe.bin"), 6 << 20, rnd);
        long t0 = System.nanoTime();
        Process probe = CliProcess.start(List.of(), cli.env, dir.resolve("probe.log"), "snapshot", "--layer", layer, "-q");
        assertTrue(probe.waitFor(120, TimeUnit.SECONDS), "probe run finished");
        assertEquals(0, probe.exitValue(), Files.readString(dir.resolve("probe.log")));
        long runMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("SnapshotKillIT: an uninterrupted child run takes " + runMillis + " ms");

        int killed = 0;
        for (int run = 0; run < RUNS; run++) {
            write(src.resolve("new-" + run + ".bin"), 6 << 20, rnd);
            write(src.resolve("base/f" + run + ".bin"), 256 << 10, rnd);
            String before = cli.run("snapshots", "--json").out();
            long delay = (long) (runMillis * (0.2 + rnd.nextDouble()));
            Process p = CliProcess.start(List.of(), cli.env, dir.resolve("run" + run + ".log"), "snapshot", "--layer", layer, "-q");
            if (!p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly(); // SIGKILL
                killed++;
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            long v0 = System.nanoTime();
            CliHarness.Result v = cli.run("verify", "--all");
            System.out.printf("SnapshotKillIT: run %d %s after %d ms; verify --all took %d ms%n", run,
                    p.exitValue() == 0 ? "completed" : "killed", delay, (System.nanoTime() - v0) / 1_000_000);
            assertEquals(0, v.code(), "run " + run + " (killed after " + delay + " ms): " + v);
            String after = cli.run("snapshots", "--json").out();
            if (p.exitValue() != 0 && !before.equals(after)) {
                // Killed after the commit point (head moved, cache or output not yet done): the run
                // published one whole snapshot on top of the previous head, which verify just checked.
                String previous = CliTest.field(before, "id");
                assertEquals(count(before) + 1, count(after), "run " + run + ": exactly one new snapshot");
                assertTrue(after.contains("\"parents\":[\"" + previous + "\"]"), "run " + run + ": on top of " + previous);
            }
        }
        assertTrue(killed >= RUNS / 2, "most runs were killed mid-way (" + killed + " of " + RUNS + ", run " + runMillis + " ms)");

        CliHarness.Result last = cli.run("snapshot", "--layer", layer, "--json");
        assertEquals(0, last.code(), last.toString());
        assertEquals(0, cli.run("verify", "--all").code());
        Path out = dir.resolve("out");
        assertEquals(0, cli.run("restore", "latest", "--to", out.toString(), "-q").code());
        assertEquals(List.of(), TreeDiff.compare(src, out.resolve("mind")));
    }

    private static int count(String json) {
        return json.split("\"id\":", -1).length - 1;
    }

    private static void write(Path p, int size, Random rnd) throws Exception {
        Files.createDirectories(p.getParent());
        byte[] b = new byte[size];
        rnd.nextBytes(b);
        Files.write(p, b);
    }
}
