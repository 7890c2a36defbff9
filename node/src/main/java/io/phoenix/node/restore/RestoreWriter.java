package io.phoenix.node.restore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Restore stage 3: puts entries on disk. A file that replaces or may meet an existing entry is
 * written to a temporary name (in a staging directory, {@link #stageIn}), given its mode and mtime
 * (nanoseconds), and renamed into place only after its digest was checked, so that path holds
 * either what was there or the whole verified file. A file in a directory this restore created
 * (nothing else writes there) is written in place: created under its final name, its mtime set
 * last, and removed again when it cannot be completed; while the restore runs, the target holds
 * {@link #INCOMPLETE_MARKER} (docs/snapshot.md §6). Symlinks are made under a temporary name and
 * renamed. A directory's mode and mtime are set after everything inside it was written.
 */
public final class RestoreWriter {
    /**
     * The file a restore keeps in its target directory while it runs: files of directories the
     * restore created are written under their final names, and only its removal at the end says
     * that none of them is partial.
     */
    public static final String INCOMPLETE_MARKER = ".phoenix-restore-incomplete";
    private static final AtomicLong SEQ = new AtomicLong();
    /** Set when an unfinished file written in place could not be removed again (the marker then stays). */
    private volatile boolean partialLeft;
    /** Where temporary files go while {@link #stageIn} is in effect; null: beside their target. */
    private volatile Staging staging;

    /**
     * Temporary files in one private directory per writing thread under {@code root}. Why: creating
     * a file holds its directory's lock while ext4 allocates the inode, which can be slow (after
     * many deletions it scans for inodes not freed recently); with every temporary file beside its
     * target, restore threads creating files and renaming them into the same directory spun on that
     * lock (measured on a 2.9 GiB restore: 15% of CPU samples in rwsem_spin_on_owner, system time
     * 12.6-21.4 s against restic's 5.3-7.5 s). The rename into place stays atomic: same filesystem.
     */
    private record Staging(Path root, ConcurrentHashMap<Long, Path> perThread, int umask) {
        Path dirForThisThread() throws IOException {
            long id = Thread.currentThread().threadId();
            Path dir = perThread.get(id);
            if (dir == null) {
                dir = Files.createDirectories(root.resolve("t" + id));
                perThread.put(id, dir);
            }
            return dir;
        }
    }

    /** An open temporary file that becomes {@code target} on {@link #commit}. */
    public final class PendingFile implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final FileChannel ch;
        private final ReentrantLock writing = new ReentrantLock();
        private boolean done;

        /** True when the file was created with its final mode (no chmod needed at commit). */
        private final boolean modeSet;

        /** True when the file is written under its final name (no rename at commit). */
        private final boolean inPlace;

        private PendingFile(Path target, int mode, boolean inPlace) throws IOException {
            this.target = target;
            Staging s = staging;
            // the mode given to open(2) is reduced by the umask: pass it only when that takes nothing away
            this.modeSet = s != null && (mode & ~0777) == 0 && (mode & s.umask()) == 0;
            FileChannel created = null;
            if (inPlace) {
                try {
                    created = create(target, mode);
                } catch (FileAlreadyExistsException e) {
                    created = null; // something is there after all: replace it by a rename as usual
                }
            }
            this.inPlace = created != null;
            this.tmp = this.inPlace ? target : s == null ? tempFor(target) : s.dirForThisThread().resolve("f" + SEQ.incrementAndGet());
            this.ch = this.inPlace ? created : create(tmp, mode);
        }

        private FileChannel create(Path path, int mode) throws IOException {
            return modeSet
                    ? FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                            PosixFilePermissions.asFileAttribute(permissions(mode)))
                    : FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        /** Writes {@code data} at {@code position}; safe to call from several threads for distinct ranges. */
        public void writeAt(byte[] data, long position) throws IOException {
            writeAt(data, data.length, position);
        }

        /**
         * Writes {@code data[0, length)} at {@code position}; safe to call from several threads for
         * distinct ranges. One write at a time per file: the kernel serialises writes to one file on
         * its inode lock anyway, and threads queued there spun on it (rwsem_spin_on_owner, ~0.8 of
         * ~23 CPU-seconds of a 2 GiB restore) where waiting here parks them.
         */
        public void writeAt(byte[] data, int length, long position) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(data, 0, length);
            long p = position;
            writing.lock();
            try {
                while (b.hasRemaining()) p += ch.write(b, p);
            } finally {
                writing.unlock();
            }
        }

        public void write(byte[] data, int off, int len) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(data, off, len);
            while (b.hasRemaining()) ch.write(b);
        }

        /**
         * Sets mode and mtime and renames the temporary file to the target (a file written in place
         * gets its mtime last). {@code mode} must be the one given to {@link #openFile}. A directory
         * in the way of the target fails the rename.
         */
        public void commit(int mode, long mtimeNanos) throws IOException {
            ch.close();
            if (!modeSet) Files.setAttribute(tmp, "unix:mode", mode);
            setMtime(tmp, mtimeNanos);
            if (inPlace) {
                done = true;
                return;
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) throw new IOException("a directory is in the way of file " + target, e);
                throw e;
            }
            done = true;
        }

        /** Removes the temporary file (or the unfinished file written in place) unless committed. */
        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                boolean removed = false;
                try {
                    ch.close();
                    Files.deleteIfExists(tmp);
                    removed = true;
                } finally {
                    if (inPlace && !removed) partialLeft = true;
                }
            }
        }
    }

    /** Opens a temporary file that {@link PendingFile#commit} turns into {@code target}, with {@code mode}. */
    public PendingFile openFile(Path target, int mode) throws IOException {
        return new PendingFile(target, mode, false);
    }

    /**
     * As {@link #openFile}, but where {@code inPlace} (the target's directory was created by this
     * restore, so nothing else is there) the file is created under its final name; if something is
     * there after all, it goes through a temporary name as usual.
     */
    public PendingFile openFile(Path target, int mode, boolean inPlace) throws IOException {
        return new PendingFile(target, mode, inPlace);
    }

    /**
     * Creates {@link #INCOMPLETE_MARKER} in {@code dir} (the restore's target): files written in
     * place may be partial until {@link #markComplete} removes it.
     */
    public void markIncomplete(Path dir) throws IOException {
        Files.writeString(dir.resolve(INCOMPLETE_MARKER),
                "A phoenix restore into this directory is running or was interrupted: files in it may be partial.\n"
                        + "Run the restore again (with --force) to complete it.\n");
    }

    /** Removes the marker, unless an unfinished file written in place could not be removed. Returns whether it did. */
    public boolean markComplete(Path dir) throws IOException {
        if (partialLeft) return false;
        Files.deleteIfExists(dir.resolve(INCOMPLETE_MARKER));
        return true;
    }

    /** From now on, temporary files go to private per-thread directories under {@code dir} (created here). */
    public void stageIn(Path dir) throws IOException {
        unstage();
        Path root = dir.resolve(".phoenix-staging-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet());
        Files.createDirectory(root);
        staging = new Staging(root, new ConcurrentHashMap<>(), umaskIn(root));
    }

    /** Removes the staging directories (empty once every file is committed or abandoned); temporary files go beside their targets again. */
    public void unstage() throws IOException {
        Staging s = staging;
        staging = null;
        if (s == null) return;
        for (Path d : s.perThread().values()) Files.deleteIfExists(d);
        Files.deleteIfExists(s.root());
    }

    /**
     * The process umask, read off a file created in {@code dir} with mode 0777; 0777 (so that every
     * mode is set with chmod) where that does not work (a filesystem without POSIX permissions).
     */
    private static int umaskIn(Path dir) {
        Path probe = dir.resolve("umask-probe");
        try {
            Files.createFile(probe, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
            int got = (Integer) Files.getAttribute(probe, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777;
            return ~got & 0777;
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            return 0777;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // an empty probe left in the staging directory fails its removal later, which is reported
            }
        }
    }

    /**
     * Sets {@code path}'s mtime (and its atime to now) without following a symlink ({@link PathTimes}:
     * one utimensat(2) where it can). Giving only the mtime, or following links, makes the JDK also
     * stat the file first.
     */
    static void setMtime(Path path, long mtimeNanos) throws IOException {
        PathTimes.setMtime(path, mtimeNanos);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) if ((mode & (0400 >> i)) != 0) s.add(bits[i]);
        return s;
    }

    /** Creates {@code dir} (and missing parents); true when this call created it, false when it was there. */
    public boolean createDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return false;
            throw e;
        } catch (NoSuchFileException e) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent == null) throw e;
            Files.createDirectories(parent);
            return createDirectory(dir);
        }
    }

    public void symlink(Path target, String linkTarget, long mtimeNanos) throws IOException {
        Path tmp = tempFor(target);
        Files.createSymbolicLink(tmp, Path.of(linkTarget));
        try {
            Files.getFileAttributeView(tmp, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(fileTime(mtimeNanos), null, null);
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString(), null, "a directory is in the way of a symlink");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Called after everything inside {@code dir} was written. */
    public void finishDirectory(Path dir, int mode, long mtimeNanos) throws IOException {
        Files.setAttribute(dir, "unix:mode", mode);
        setMtime(dir, mtimeNanos);
    }

    static FileTime fileTime(long nanos) {
        return FileTime.from(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
    }

    private static Path tempFor(Path target) {
        return target.resolveSibling(".phoenix-tmp-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet());
    }
}
