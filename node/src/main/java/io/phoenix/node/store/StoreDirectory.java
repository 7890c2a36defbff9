package io.phoenix.node.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How a filesystem block store opens its directory: created if missing, locked ({@code store.lock}) for one process. */
public final class StoreDirectory {
    /** Builds the store over its locked directory; the lock is released when this throws. */
    @FunctionalInterface
    public interface Opener<S> {
        S open(Path root, DirectoryLock lock) throws IOException;
    }

    private StoreDirectory() {}

    /** Normalises {@code dir}, creates it, takes its lock and hands both to {@code opener}. */
    public static <S> S openLocked(Path dir, Opener<S> opener) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        DirectoryLock lock = DirectoryLock.acquire(root.resolve("store.lock"), "block store " + root);
        try {
            return opener.open(root, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }
}
