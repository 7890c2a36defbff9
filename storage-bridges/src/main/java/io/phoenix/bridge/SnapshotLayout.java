package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.util.List;

/**
 * Knows which blocks a snapshot needs, starting at its root (the manifest) and reading the blocks
 * that list other blocks (index pages) through a {@link BlockSource}. Bridges use it to find out
 * what to push and what to restore without the data key.
 */
@FunctionalInterface
public interface SnapshotLayout {
    /**
     * Every block the snapshot rooted at {@code root} needs, the root first, each once, in a
     * deterministic order (parents before children).
     */
    List<Cid> blocksOf(Cid root, BlockSource source) throws IOException;

    /** Receives the blocks of a walk one at a time. */
    @FunctionalInterface
    interface BlockVisitor {
        void visit(Cid cid) throws IOException;
    }

    /**
     * Hands the same blocks as {@link #blocksOf}, in the same order, to {@code visitor} one at a
     * time; a layout that can walk without holding every CID (see {@link DagWalkLayout}) overrides it.
     */
    default void forEachBlock(Cid root, BlockSource source, BlockVisitor visitor) throws IOException {
        for (Cid cid : blocksOf(root, source)) visitor.visit(cid);
    }
}
