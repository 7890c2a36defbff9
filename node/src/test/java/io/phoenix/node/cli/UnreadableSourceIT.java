package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unreadable source entries. The tests run as root, which reads a chmod-000 file anyway, so the CLI
 * runs in a child process whose capability bounding set lacks CAP_DAC_OVERRIDE and
 * CAP_DAC_READ_SEARCH ({@code setpriv}): then permissions apply to it as to any user. The snapshot
 * is written without the unreadable file and directory, names both, and exits 6.
 */
class UnreadableSourceIT {
    private static final List<String> NO_DAC = List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search",
            "--inh-caps=-dac_override,-dac_read_search");

    @TempDir
    Path dir;

    @Test
    void UnreadableSourceFilesAreNamedAndSnapshotIsIncomplete() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("ok.txt"), "readable");
        Path secret = Files.writeString(src.resolve("secret.bin"), "no access");
        Path locked = Files.createDirectories(src.resolve("locked"));
        Files.writeString(locked.resolve("inside.txt"), "hidden");
        Files.setAttribute(secret, "unix:mode", 0);
        Files.setAttribute(locked, "unix:mode", 0);
        try {
            Process probe = new ProcessBuilder(concat(NO_DAC, "cat", secret.toString())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assumeTrue(probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() != 0,
                    "setpriv cannot drop the DAC capabilities here");

            CliHarness cli = new CliHarness(dir.resolve("home")).init();
            Path log = dir.resolve("child.log");
            Process p = CliProcess.start(NO_DAC, cli.env, log, "snapshot", "--layer", "mind=" + src, "--json");
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            String output = Files.readString(log);
            assertEquals(ExitCode.INCOMPLETE, p.exitValue(), output);
            assertTrue(output.contains(secret + ": not stored"), output);
            assertTrue(output.contains(locked + ": not stored"), output);
            assertTrue(output.contains("\"complete\":false"), output);

            assertEquals(0, cli.run("verify", "--all").code());
            Path out = dir.resolve("out");
            assertEquals(0, cli.run("restore", "latest", "--to", out.toString(), "-q").code());
            assertEquals("readable", Files.readString(out.resolve("mind/ok.txt")));
            assertFalse(Files.exists(out.resolve("mind/secret.bin")));
        } finally {
            Files.setAttribute(secret, "unix:mode", 0644);
            Files.setAttribute(locked, "unix:mode", 0755);
        }
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }
}
