package io.phoenix.node.store.file;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** fsync of files and directories (Linux allows opening a directory read-only to fsync it). */
final class Fsync {
    private Fsync() {}

    static void file(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(false);
        }
    }

    static void directory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * fsyncs every path, several at once on {@code pool} (serially when it is null): a virtual or
     * RAID disk completes concurrent flushes in about the time of one (measured here: 3 ms per file
     * serially, 0.3 ms per file with 8 at a time). Throws the first failure after all have finished.
     */
    static void all(ExecutorService pool, List<Path> paths, boolean directories) throws IOException {
        if (pool == null || paths.size() == 1) {
            for (Path p : paths) one(p, directories);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(paths.size());
        for (Path p : paths) futures.add(pool.submit(() -> {
            one(p, directories);
            return null;
        }));
        IOException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while syncing blocks");
            }
        }
        if (failure != null) throw failure;
    }

    private static void one(Path p, boolean directory) throws IOException {
        if (directory) directory(p);
        else file(p);
    }
}
