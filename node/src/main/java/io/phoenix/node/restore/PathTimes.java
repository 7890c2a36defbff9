package io.phoenix.node.restore;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.Files;

/**
 * Sets a path's mtime (and its atime to now) without following a symlink, in one system call
 * where it can: {@code utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW)} through the JDK's own
 * {@code sun.nio.fs.UnixNativeDispatcher}. Why: the public API ({@link BasicFileAttributeView#setTimes})
 * opens the file, calls {@code futimens} on the descriptor and closes it again, three system calls
 * for every restored file (seen with strace on JDK 25). Needs {@code --add-opens java.base/sun.nio.fs}
 * (the CLI jar's manifest has it, as for {@code FileStat}); without it, on another JDK layout, for
 * times before 1970 (the native call rejects a negative nanosecond part) and whenever the direct call
 * fails, the public API is used, which also gives the error its usual message.
 */
final class PathTimes {
    private static final MethodHandle UTIMENSAT = find();
    private static final int AT_FDCWD;
    private static final int AT_SYMLINK_NOFOLLOW;

    static {
        int fdcwd = 0, nofollow = 0;
        if (UTIMENSAT != null) {
            try {
                Class<?> c = Class.forName("sun.nio.fs.UnixConstants");
                MethodHandles.Lookup l = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
                fdcwd = (int) l.findStaticGetter(c, "AT_FDCWD", int.class).invokeExact();
                nofollow = (int) l.findStaticGetter(c, "AT_SYMLINK_NOFOLLOW", int.class).invokeExact();
            } catch (Throwable e) {
                fdcwd = 0;
                nofollow = 0;
            }
        }
        AT_FDCWD = fdcwd;
        AT_SYMLINK_NOFOLLOW = nofollow;
    }

    private PathTimes() {
    }

    private static MethodHandle find() {
        try {
            Class<?> d = Class.forName("sun.nio.fs.UnixNativeDispatcher");
            Class<?> unixPath = Class.forName("sun.nio.fs.UnixPath");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(d, MethodHandles.lookup());
            return l.findStatic(d, "utimensat", MethodType.methodType(void.class, int.class, unixPath, long.class, long.class, int.class))
                    .asType(MethodType.methodType(void.class, int.class, Path.class, long.class, long.class, int.class));
        } catch (ReflectiveOperationException | RuntimeException e) { // not opened, or not this JDK's layout
            return null;
        }
    }

    /** Whether the one-call path is in use (tests). */
    static boolean direct() {
        return UTIMENSAT != null && AT_SYMLINK_NOFOLLOW != 0;
    }

    /** Sets {@code path}'s mtime to {@code mtimeNanos} and its atime to now, not following a symlink. */
    static void setMtime(Path path, long mtimeNanos) throws IOException {
        long now = System.currentTimeMillis() * 1_000_000L;
        if (direct() && mtimeNanos >= 0 && path.getFileSystem() == FileSystems.getDefault()) {
            try {
                UTIMENSAT.invokeExact(AT_FDCWD, path, now, mtimeNanos, AT_SYMLINK_NOFOLLOW);
                return;
            } catch (Throwable e) { // a UnixException (or anything else): the public API below reports it properly
                if (e instanceof Error err && !(e instanceof LinkageError)) throw err;
            }
        }
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(RestoreWriter.fileTime(mtimeNanos), FileTime.fromMillis(now / 1_000_000L), null);
    }
}
