package io.phoenix.protocol.tree;

import io.phoenix.protocol.multiformats.Cid;
import java.util.Objects;

/** A sub-directory (possibly empty); {@code tree} is the CID of its (first) tree block. */
public record DirectoryEntry(String name, int mode, long mtimeNanos, Cid tree) implements TreeEntry {
    public DirectoryEntry {
        TreeNames.check(name);
        TreeNames.checkMode(mode);
        Objects.requireNonNull(tree, "tree");
    }
}
