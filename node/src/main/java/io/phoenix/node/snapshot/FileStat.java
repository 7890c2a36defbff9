package io.phoenix.node.snapshot;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.Map;

/**
 * What the engine needs to know about one source entry, read with {@code lstat} semantics
 * ({@code Files.readAttributes(p, "unix:mode,size,lastModifiedTime,ctime,ino,dev", NOFOLLOW_LINKS)}): kind, permission bits, size, mtime
 * and ctime in nanoseconds, inode and device. Size, mtime, ctime and inode are the file cache key;
 * comparing two stats before and after reading a file detects a change during the read.
 */
public record FileStat(Kind kind, int mode, long size, long mtimeNanos, long ctimeNanos, long inode, long device) {

    /** The kinds of source entries. Only the first three are stored; the rest are skipped with a warning. */
    public enum Kind { FILE, DIRECTORY, SYMLINK, SOCKET, FIFO, CHAR_DEVICE, BLOCK_DEVICE, UNKNOWN }

    /** Only what is needed: "unix:*" would also resolve owner and group names, 2-3x the cost per file. */
    private static final String ATTRIBUTES = "unix:mode,size,lastModifiedTime,ctime,ino,dev";

    /** The fields of the JDK's {@code sun.nio.fs.UnixFileAttributes}, or null where they cannot be read. */
    private static final UnixFields UNIX = UnixFields.find();

    public static FileStat read(Path p) throws IOException {
        if (UNIX != null) {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (UNIX.type() == a.getClass()) return UNIX.stat(a);
        }
        return readByName(p);
    }

    /** The portable way: the attribute-string API (parsed per call, a map of boxed values per file). */
    static FileStat readByName(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int raw = (Integer) a.get("mode");
        return new FileStat(kindOf(raw), raw & 07777, (Long) a.get("size"),
                nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("ctime")),
                (Long) a.get("ino"), (Long) a.get("dev"));
    }

    static Kind kindOf(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> Kind.FILE;
            case 0040000 -> Kind.DIRECTORY;
            case 0120000 -> Kind.SYMLINK;
            case 0140000 -> Kind.SOCKET;
            case 0010000 -> Kind.FIFO;
            case 0020000 -> Kind.CHAR_DEVICE;
            case 0060000 -> Kind.BLOCK_DEVICE;
            default -> Kind.UNKNOWN;
        };
    }

    /** Nanoseconds since the epoch, as the kernel has them (seconds floored, so before 1970 too). */
    static long nanos(FileTime t) {
        Instant i = t.toInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Whether {@link #read} takes the fast path (the jar's manifest opens {@code sun.nio.fs}; tests run both). */
    static boolean fastPath() {
        return UNIX != null;
    }

    /**
     * The lstat fields of {@code sun.nio.fs.UnixFileAttributes}, what {@code PosixFileAttributes}
     * is on Linux, read through var handles: one lstat and a few loads per file. The name-based
     * API gives the same values but splits the attribute string and fills a map of boxed values on
     * every call, which the scan of an incremental snapshot paid 28,000 times (~0.26 CPU-s under the
     * C1 compiler). Needs {@code --add-opens java.base/sun.nio.fs} (the CLI jar's manifest has
     * {@code Add-Opens}); without it, or on another JDK layout, {@link #find} gives null and
     * {@link #readByName} is used.
     */
    private record UnixFields(Class<?> type, VarHandle mode, VarHandle size, VarHandle mtimeSec, VarHandle mtimeNsec,
                              VarHandle ctimeSec, VarHandle ctimeNsec, VarHandle ino, VarHandle dev) {
        static UnixFields find() {
            try {
                Class<?> c = Class.forName("sun.nio.fs.UnixFileAttributes");
                MethodHandles.Lookup l = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
                return new UnixFields(c, l.findVarHandle(c, "st_mode", int.class), l.findVarHandle(c, "st_size", long.class),
                        l.findVarHandle(c, "st_mtime_sec", long.class), l.findVarHandle(c, "st_mtime_nsec", long.class),
                        l.findVarHandle(c, "st_ctime_sec", long.class), l.findVarHandle(c, "st_ctime_nsec", long.class),
                        l.findVarHandle(c, "st_ino", long.class), l.findVarHandle(c, "st_dev", long.class));
            } catch (ReflectiveOperationException | RuntimeException e) { // not opened, or not this JDK's layout
                return null;
            }
        }

        FileStat stat(Object a) {
            int raw = (int) mode.get(a);
            return new FileStat(kindOf(raw), raw & 07777, (long) size.get(a),
                    (long) mtimeSec.get(a) * 1_000_000_000L + (long) mtimeNsec.get(a),
                    (long) ctimeSec.get(a) * 1_000_000_000L + (long) ctimeNsec.get(a), (long) ino.get(a), (long) dev.get(a));
        }
    }

    /** True when the content may differ: size, mtime, ctime or inode changed (the file cache rule). */
    public boolean contentMayDiffer(FileStat other) {
        return size != other.size || mtimeNanos != other.mtimeNanos || ctimeNanos != other.ctimeNanos
                || inode != other.inode || device != other.device || kind != other.kind;
    }
}
