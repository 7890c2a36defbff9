package io.phoenix.node.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the engine needs to know about one source entry, read with {@code lstat} semantics
 * ({@code Files.readAttributes(p, "unix:*", NOFOLLOW_LINKS)}): kind, permission bits, size, mtime
 * and ctime in nanoseconds, inode and device. Size, mtime, ctime and inode are the file cache key;
 * comparing two stats before and after reading a file detects a change during the read.
 */
public record FileStat(Kind kind, int mode, long size, long mtimeNanos, long ctimeNanos, long inode, long device) {

    /** The kinds of source entries. Only the first three are stored; the rest are skipped with a warning. */
    public enum Kind { FILE, DIRECTORY, SYMLINK, SOCKET, FIFO, CHAR_DEVICE, BLOCK_DEVICE, UNKNOWN }

    public static FileStat read(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
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

    static long nanos(FileTime t) {
        return t.to(TimeUnit.SECONDS) * 1_000_000_000L + t.toInstant().getNano();
    }

    /** True when the content may differ: size, mtime, ctime or inode changed (the file cache rule). */
    public boolean contentMayDiffer(FileStat other) {
        return size != other.size || mtimeNanos != other.mtimeNanos || ctimeNanos != other.ctimeNanos
                || inode != other.inode || device != other.device || kind != other.kind;
    }
}
