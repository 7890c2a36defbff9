package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;

/**
 * Knows which blocks a snapshot needs, starting at its root (the manifest) and reading the blocks
 * that list other blocks (index pages) through a {@link BlockSource}. Bridges use it to find out
 * what to push and what to restore without the data key.
 *
 * <p>There is deliberately no "list the blocks" method: a snapshot of 20 million blocks would be a
 * list of 20 million CIDs in heap. A walk hands the blocks out one at a time and holds only what
 * the index blocks themselves are (the manifest and one index page at a time, plus the CIDs of the
 * index blocks met, which a manifest bounds at 20,000 pages).
 */
@FunctionalInterface
public interface SnapshotLayout {
    /** Receives the blocks of a walk one at a time. */
    @FunctionalInterface
    interface BlockVisitor {
        void visit(Cid cid) throws IOException;
    }

    /**
     * Hands every block the snapshot rooted at {@code root} needs to {@code visitor}, the root
     * first, in a deterministic order (parents before children). A well-formed Phoenix index lists
     * every block once, so each block is handed out once; a malformed one that lists a raw block on
     * two pages may hand it out twice (harmless to every bridge: puts are idempotent).
     */
    void forEachBlock(Cid root, BlockSource source, BlockVisitor visitor) throws IOException;
}
