package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the home lives on an 8 MiB tmpfs (needs root, as in CI; skipped otherwise).
 * A snapshot that does not fit fails with exit 1 and a "disk full" message, publishes nothing,
 * and leaves the earlier snapshot verifiable; once the big file is gone the next snapshot works.
 * A restore onto a file system that runs out of inodes fails the same way (not as damage).
 */
class FullDiskIT {
    @TempDir
    Path dir;

    private Path mount;

    private static int exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) exec("umount", mount.toString());
    }

    @Test
    void FullDiskFailsCleanlyAndHarmsNothing() throws Exception {
        Path m = Files.createDirectories(dir.resolve("small"));
        assumeTrue(exec("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", m.toString()) == 0, "cannot mount a tmpfs (not root?)");
        mount = m;
        CliHarness cli = new CliHarness(m.resolve("home")).init();
        Path src = Files.createDirectories(dir.resolve("src"));
        Random rnd = new Random(3);
        byte[] small = new byte[1 << 20];
        rnd.nextBytes(small);
        Files.write(src.resolve("small.bin"), small);
        assertEquals(0, cli.run("snapshot", "--layer", "mind=" + src, "-q").code());
        String before = cli.run("snapshots", "--json").out();

        byte[] big = new byte[16 << 20];
        rnd.nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        CliHarness.Result full = cli.run("snapshot", "--layer", "mind=" + src);
        assertEquals(ExitCode.FAILURE, full.code(), full.toString());
        assertTrue(full.err().contains("disk full"), full.toString());
        assertEquals(1, full.err().lines().count(), "one clear line, no stack trace: " + full);

        assertEquals(before, cli.run("snapshots", "--json").out(), "nothing published");
        assertEquals(0, cli.run("verify", "--all").code(), "the earlier snapshot is intact");

        Files.delete(src.resolve("big.bin"));
        Files.writeString(src.resolve("note.txt"), "space again");
        CliHarness.Result after = cli.run("snapshot", "--layer", "mind=" + src);
        assertEquals(0, after.code(), after.toString());
        assertEquals(0, cli.run("verify", "--all").code());
    }

    @Test
    void aRestoreThatRunsOutOfRoomFailsAsAFullDiskNotAsDamage() throws Exception {
        Path m = Files.createDirectories(dir.resolve("few-inodes"));
        assumeTrue(exec("mount", "-t", "tmpfs", "-o", "size=8m,nr_inodes=24", "tmpfs", m.toString()) == 0,
                "cannot mount a tmpfs (not root?)");
        mount = m;
        CliHarness cli = new CliHarness(dir.resolve("home")).init();
        Path src = Files.createDirectories(dir.resolve("src"));
        // directories only: the restore runs out of inodes creating one, in the walk, not in a file task
        for (int i = 0; i < 40; i++) Files.createDirectories(src.resolve(String.format("d%02d", i)).resolve("inner"));
        assertEquals(0, cli.run("snapshot", "--layer", "mind=" + src, "-q").code());

        CliHarness.Result full = cli.run("restore", "latest", "--to", m.resolve("out").toString());
        assertEquals(ExitCode.FAILURE, full.code(), full.toString());
        assertTrue(full.err().contains("disk full"), full.toString());
        assertFalse(full.err().contains("listing unreadable"), "a full disk is not damage in the snapshot: " + full);
        assertEquals(0, cli.run("verify", "--all").code(), "the repository is untouched");
    }
}
