package io.phoenix.protocol.tree;

/** One name in a directory listing. */
public sealed interface TreeEntry permits FileEntry, DirectoryEntry, SymlinkEntry {
    /** The entry's name (one path component). */
    String name();

    /** Permission bits ({@code 07777}). */
    int mode();

    /** Modification time, nanoseconds since the Unix epoch. */
    long mtimeNanos();
}
