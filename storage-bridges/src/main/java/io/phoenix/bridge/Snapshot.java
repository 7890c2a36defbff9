package io.phoenix.bridge;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;

/**
 * What a bridge pushes: the manifest CID, the local store its blocks are read from and the layout
 * that finds them. The blocks are never listed: {@link #forEachBlock} walks the index pages and
 * hands them out one at a time (root first), so a snapshot of 20 million blocks costs what one
 * index page costs. Bridges only ever read the store.
 */
public record Snapshot(Cid root, BlockStore store, SnapshotLayout layout) {
    /** The snapshot rooted at {@code root} as {@code layout} finds it in {@code store}. Reads nothing yet. */
    public static Snapshot of(Cid root, BlockStore store, SnapshotLayout layout) {
        return new Snapshot(root, store, layout);
    }

    /**
     * Walks the snapshot in the local store, handing every block to {@code visitor} (root first, in
     * the layout's order; a new walk each call). A manifest or index page that cannot be read or
     * decoded is a {@link BridgeFailure#LOCAL} failure; the visitor's failures pass through.
     */
    public void forEachBlock(CidVisitor visitor) throws BridgeException {
        try {
            layout.forEachBlock(root, this::read, visitor::visit);
        } catch (BridgeException e) {
            throw e;
        } catch (IOException | FormatException e) {
            throw new BridgeException(BridgeFailure.LOCAL, "cannot walk snapshot " + root + " in the local store: " + e.getMessage(), root, e);
        }
    }

    /** Reads one block of the snapshot from the local store, as a {@link BridgeFailure#LOCAL} failure when it cannot. */
    public byte[] read(Cid cid) throws BridgeException {
        try {
            return store.get(cid);
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.LOCAL, "cannot read block " + cid + " of snapshot " + root
                    + " from the local store: " + e.getMessage(), cid, e);
        }
    }

    /** Size of one local block, as a {@link BridgeFailure#LOCAL} failure when it is absent or unreadable. */
    public long size(Cid cid) throws BridgeException {
        long size;
        try {
            size = store.size(cid);
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.LOCAL, "cannot stat block " + cid + ": " + e.getMessage(), cid, e);
        }
        if (size < 0) throw new BridgeException(BridgeFailure.LOCAL, "block " + cid + " of snapshot " + root + " is not in the local store", cid, null);
        return size;
    }
}
