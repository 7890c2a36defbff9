package io.phoenix.protocol.spill;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Where the bridges spill what grows with a snapshot (sorted runs, a remote's listing, a downloaded
 * index): one {@link Scratch} directory per operation, {@code phoenix-bridge-<pid>-<random>} under
 * the base, deleted with its contents when the operation ends. Nothing in it outlives the process
 * that wrote it: the first scratch opened through a {@code WorkDir} deletes those left by processes
 * that are no longer running (killed mid-push). The node passes {@code HOME/tmp}; the default is the JVM's
 * temporary directory.
 */
public final class WorkDir {
    private static final String PREFIX = "phoenix-bridge-";
    private final Path base;
    private final AtomicBoolean swept = new AtomicBoolean();

    public WorkDir(Path base) {
        this.base = base;
    }

    /** {@code java.io.tmpdir}. */
    public static WorkDir system() {
        return new WorkDir(Path.of(System.getProperty("java.io.tmpdir")));
    }

    public Path base() {
        return base;
    }

    /** A fresh, empty directory for one operation. */
    public Scratch scratch() throws IOException {
        Files.createDirectories(base);
        if (swept.compareAndSet(false, true)) sweep();
        return new Scratch(Files.createTempDirectory(base, PREFIX + ProcessHandle.current().pid() + "-"));
    }

    /** Deletes the scratch directories of processes that are gone. */
    void sweep() throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path d : dirs) {
                String rest = d.getFileName().toString().substring(PREFIX.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue; // not ours
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                deleteTree(d);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** One operation's directory; {@link #close} deletes it and everything in it. */
    public static final class Scratch implements Closeable {
        private final Path dir;
        private int next;

        private Scratch(Path dir) {
            this.dir = dir;
        }

        public Path dir() {
            return dir;
        }

        /** A new, empty sub-directory (e.g. for one sorter's runs). */
        public synchronized Path newDirectory(String name) throws IOException {
            return Files.createDirectory(dir.resolve(name + "-" + next++));
        }

        /** A path in the scratch directory that nothing uses yet. */
        public synchronized Path newFile(String name) {
            return dir.resolve(name + "-" + next++);
        }

        @Override
        public void close() throws IOException {
            deleteTree(dir);
        }
    }
}
