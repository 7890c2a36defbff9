package io.phoenix.node.snapshot;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the snapshot engine reads its source trees: the stat of an entry, the names in a
 * directory, a symlink's target and a file's content. {@link FileSource} is the file system, what
 * every command and the daemon use; a seeded synthetic tree (the scale benchmark's, in
 * {@code io.phoenix.node.bench}) implements it too, so that the real engine can store millions of
 * files that exist nowhere on disk. Failures are those of the file system: a
 * {@link java.nio.file.NoSuchFileException} for an entry that is gone, an
 * {@link java.nio.file.AccessDeniedException} for one that may not be read.
 */
public interface Source {
    /** The entry's stat, {@code lstat} semantics (a symlink is not followed). */
    FileStat stat(Path path) throws IOException;

    /** The names in directory {@code dir} as UTF-8, in any order. */
    List<byte[]> names(Path dir) throws IOException;

    /** The target of symlink {@code link}. */
    String readLink(Path link) throws IOException;

    /** The content of regular file {@code file}, opened without following a symlink. */
    ReadableByteChannel open(Path file) throws IOException;
}
