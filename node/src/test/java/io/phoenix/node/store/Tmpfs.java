package io.phoenix.node.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A small real tmpfs for full-disk tests (mounting needs root, as in CI; otherwise the test is skipped). */
public final class Tmpfs implements AutoCloseable {
    private final Path mount;

    private Tmpfs(Path mount) {
        this.mount = mount;
    }

    /** Mounts a tmpfs with {@code options} (e.g. "size=4m") on the existing directory {@code dir}. */
    public static Tmpfs mount(Path dir, String options) throws Exception {
        String result = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString());
        assumeTrue(result == null, "cannot mount a tmpfs for the full-disk test (needs root): " + result);
        return new Tmpfs(dir);
    }

    public Path path() {
        return mount;
    }

    /** Unmounts; fails when the mount is busy (a file the code under test left open or mapped). */
    @Override
    public void close() throws Exception {
        String result = run("umount", mount.toString());
        if (result != null) throw new AssertionError("umount " + mount + " failed: " + result);
    }

    /** null on success, otherwise what went wrong. */
    private static String run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        return p.exitValue() == 0 ? null : String.join(" ", command) + " exited " + p.exitValue() + ": " + out;
    }
}
