package io.phoenix.protocol.spill;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirTest {
    @TempDir
    Path base;

    @Test
    void scratchIsDeletedWithItsContentsWhenClosed() throws Exception {
        WorkDir work = new WorkDir(base.resolve("tmp"));
        Path d;
        try (WorkDir.Scratch s = work.scratch()) {
            d = s.dir();
            Files.write(s.newFile("x"), new byte[10]);
            Files.write(s.newDirectory("runs").resolve("run-0"), new byte[10]);
            assertTrue(Files.isDirectory(d));
            assertTrue(d.getFileName().toString().startsWith("phoenix-bridge-" + ProcessHandle.current().pid() + "-"));
        }
        assertFalse(Files.exists(d));
    }

    @Test
    void scratchOfAProcessThatIsGoneIsSweptAndOthersAreLeftAlone() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dead = Files.createDirectories(base.resolve("phoenix-bridge-" + gone.pid() + "-123").resolve("runs"));
        Path live = Files.createDirectories(base.resolve("phoenix-bridge-" + ProcessHandle.current().pid() + "-456"));
        Path foreign = Files.createDirectories(base.resolve("phoenix-bridge-notapid"));
        Path other = Files.createDirectories(base.resolve("something-else"));
        try (WorkDir.Scratch s = new WorkDir(base).scratch()) {
            assertFalse(Files.exists(dead.getParent()), "a killed push's scratch is swept");
            assertTrue(Files.exists(live) && Files.exists(foreign) && Files.exists(other) && Files.exists(s.dir()));
        }
    }
}
