package io.phoenix.protocol.tree;

import java.util.Objects;

/** A symbolic link; {@code target} is stored as written (not resolved, not checked). */
public record SymlinkEntry(String name, int mode, long mtimeNanos, String target) implements TreeEntry {
    public SymlinkEntry {
        TreeNames.check(name);
        TreeNames.checkMode(mode);
        Objects.requireNonNull(target, "target");
        if (target.isEmpty()) throw new IllegalArgumentException("empty symlink target");
    }
}
