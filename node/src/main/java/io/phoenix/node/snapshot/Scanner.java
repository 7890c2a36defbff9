package io.phoenix.node.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pipeline stage 1: lists one source directory's names sorted (unsigned UTF-8 bytes), then
 * {@code lstat}s each entry as the engine comes to it, through the engine's {@link Source} (the file
 * system unless a benchmark gives another). Symlinks are recorded, never followed. Sockets, FIFOs and devices are skipped with a
 * warning; entries that vanish between listing and stat are skipped with a warning; a directory
 * whose (device, inode) is one of its ancestors (a bind-mount loop) is reported and not entered.
 */
public final class Scanner {
    private final Source source;
    private final Warnings warnings;

    /** A scanner of the file system. */
    public Scanner(Warnings warnings) {
        this(FileSource.INSTANCE, warnings);
    }

    public Scanner(Source source, Warnings warnings) {
        this.source = source;
        this.warnings = warnings;
    }

    /** The stat of a source root; a missing root is an error the caller reports. */
    public FileStat statRoot(Path root) throws IOException {
        return source.stat(root);
    }

    /** The target of a symlink given as a source root. */
    public String linkTarget(Path root) throws IOException {
        return source.readLink(root);
    }

    /**
     * The names in {@code dir}, as UTF-8, sorted as unsigned bytes (the order of tree listings and
     * of the file cache). Only the names are held, not a stat or a path per entry: a directory of
     * 300,000 entries holds ~10 MB here while it is scanned.
     */
    public byte[][] names(Path dir) throws IOException {
        byte[][] out = source.names(dir).toArray(new byte[0][]);
        Arrays.sort(out, Arrays::compareUnsigned);
        return out;
    }

    /**
     * The entry {@code name} of {@code dir} with its stat (one {@code lstat}), or null when it is not
     * stored: vanished since the listing, unreadable, a special file, or a directory loop (each with
     * a warning). {@code ancestors}: the stats of the directories above it, for loop detection.
     */
    public SourceEntry entry(Path dir, String name, List<FileStat> ancestors) {
        Path p = dir.resolve(name);
        FileStat st;
        try {
            st = source.stat(p);
        } catch (NoSuchFileException e) {
            warnings.skipped(p, "vanished while scanning");
            return null;
        } catch (IOException e) {
            warnings.unreadable(p, e);
            return null;
        }
        switch (st.kind()) {
            case FILE -> {
                return new SourceEntry(name, p, st, null);
            }
            case DIRECTORY -> {
                if (isLoop(st, ancestors)) {
                    warnings.unreadable(p, new IOException("directory loop (same device and inode as an ancestor)"));
                    return null;
                }
                return new SourceEntry(name, p, st, null);
            }
            case SYMLINK -> {
                try {
                    return new SourceEntry(name, p, st, source.readLink(p));
                } catch (IOException e) {
                    warnings.unreadable(p, e);
                    return null;
                }
            }
            default -> {
                warnings.skipped(p, "special file (" + st.kind().name().toLowerCase().replace('_', ' ') + ") not stored");
                return null;
            }
        }
    }

    /** The stored entries of {@code dir} in scan order (tests; the engine takes them one at a time). */
    public List<SourceEntry> list(Path dir, List<FileStat> ancestors) throws IOException {
        List<SourceEntry> out = new ArrayList<>();
        for (byte[] n : names(dir)) {
            SourceEntry e = entry(dir, new String(n, StandardCharsets.UTF_8), ancestors);
            if (e != null) out.add(e);
        }
        return out;
    }

    private static boolean isLoop(FileStat st, List<FileStat> ancestors) {
        for (FileStat a : ancestors) {
            if (a.inode() == st.inode() && a.device() == st.device()) return true;
        }
        return false;
    }
}
