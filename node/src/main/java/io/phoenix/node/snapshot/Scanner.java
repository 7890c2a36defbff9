package io.phoenix.node.snapshot;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pipeline stage 1: lists one source directory, {@code lstat}s every entry and returns them sorted
 * by name. Symlinks are recorded, never followed. Sockets, FIFOs and devices are skipped with a
 * warning; entries that vanish between listing and stat are skipped with a warning; a directory
 * whose (device, inode) is one of its ancestors (a bind-mount loop) is reported and not entered.
 */
public final class Scanner {
    private final Warnings warnings;

    public Scanner(Warnings warnings) {
        this.warnings = warnings;
    }

    /** The stat of a source root; a missing root is an error the caller reports. */
    public FileStat statRoot(Path root) throws IOException {
        return FileStat.read(root);
    }

    /** The stored entries of {@code dir}, sorted by name. {@code dirStat} is the directory's own stat. */
    public List<SourceEntry> list(Path dir, List<FileStat> ancestors) throws IOException {
        List<Named> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) names.add(new Named(p.getFileName().toString(), p)); // each name made once, not per comparison
        }
        names.sort(null);
        List<SourceEntry> out = new ArrayList<>(names.size());
        for (Named n : names) {
            Path p = n.path();
            String name = n.name();
            FileStat st;
            try {
                st = FileStat.read(p);
            } catch (NoSuchFileException e) {
                warnings.skipped(p, "vanished while scanning");
                continue;
            } catch (IOException e) {
                warnings.unreadable(p, e);
                continue;
            }
            switch (st.kind()) {
                case FILE -> out.add(new SourceEntry(name, p, st, null));
                case DIRECTORY -> {
                    if (isLoop(st, ancestors)) {
                        warnings.unreadable(p, new IOException("directory loop (same device and inode as an ancestor)"));
                    } else {
                        out.add(new SourceEntry(name, p, st, null));
                    }
                }
                case SYMLINK -> {
                    try {
                        out.add(new SourceEntry(name, p, st, Files.readSymbolicLink(p).toString()));
                    } catch (IOException e) {
                        warnings.unreadable(p, e);
                    }
                }
                default -> warnings.skipped(p, "special file (" + st.kind().name().toLowerCase().replace('_', ' ') + ") not stored");
            }
        }
        return out;
    }

    private record Named(String name, Path path) implements Comparable<Named> {
        @Override
        public int compareTo(Named o) {
            return name.compareTo(o.name);
        }
    }

    private static boolean isLoop(FileStat st, List<FileStat> ancestors) {
        for (FileStat a : ancestors) {
            if (a.inode() == st.inode() && a.device() == st.device()) return true;
        }
        return false;
    }
}
