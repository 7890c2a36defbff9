package io.phoenix.protocol.tree;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A symbolic link; {@code target} is stored as written (not resolved, not checked). */
public record SymlinkEntry(String name, int mode, long mtimeNanos, String target) implements TreeEntry {
    /** Longest target accepted (Linux PATH_MAX). */
    public static final int MAX_TARGET_BYTES = 4096;

    public SymlinkEntry {
        TreeNames.check(name);
        TreeNames.checkMode(mode);
        Objects.requireNonNull(target, "target");
        if (target.isEmpty()) throw new IllegalArgumentException("empty symlink target");
        if (target.getBytes(StandardCharsets.UTF_8).length > MAX_TARGET_BYTES) {
            throw new IllegalArgumentException("symlink target longer than " + MAX_TARGET_BYTES + " bytes");
        }
    }
}
