package io.phoenix.node.snapshot;

import java.nio.file.Path;

/** One entry of a scanned directory: its name, where it is, its stat, and a symlink's target. */
public record SourceEntry(String name, Path path, FileStat stat, String linkTarget) {}
