package io.phoenix.node.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive, process-wide lock on a directory, held through an OS file lock ({@code fcntl}) on a
 * lock file that also records the holder's pid. The OS drops the lock when the process dies, so a
 * killed process never leaves a stale lock behind; the pid in the file is informational only.
 *
 * <p>Locks held by this JVM are tracked in a set and checked before the file is opened: on POSIX
 * systems closing any descriptor of a locked file would drop the lock held through another one.
 */
public final class DirectoryLock implements AutoCloseable {
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code lockFile} (created if missing). {@code what} names the locked thing in
     * the error, e.g. {@code "home /srv/phoenix"}.
     *
     * @throws InUseException when another process (or this one) holds it
     */
    public static DirectoryLock acquire(Path lockFile, String what) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        long self = ProcessHandle.current().pid();
        if (!HELD.add(key)) {
            throw new InUseException(what + " is in use by pid " + self + " (this process)", self);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                long holder = readPid(channel);
                throw new InUseException(what + " is in use by " + (holder > 0 ? "pid " + holder : "another process"), holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((self + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new DirectoryLock(key, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(key);
            if (channel != null) channel.close();
            throw e;
        }
    }

    private static long readPid(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        channel.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) lock.release();
            channel.close();
        } finally {
            HELD.remove(file);
        }
    }
}
