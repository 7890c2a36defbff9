package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.util.List;

/**
 * What a bridge pushes: the manifest CID, every block the snapshot needs (the root included, root
 * first) and the local store to read them from. Bridges only ever read the store.
 */
public record Snapshot(Cid root, List<Cid> blocks, BlockStore store) {
    public Snapshot {
        if (blocks.isEmpty() || !blocks.get(0).equals(root)) {
            throw new IllegalArgumentException("a snapshot's block list starts with its root " + root);
        }
        blocks = List.copyOf(blocks);
    }

    /** The snapshot rooted at {@code root} as {@code layout} finds it in {@code store}. */
    public static Snapshot of(Cid root, BlockStore store, SnapshotLayout layout) throws IOException {
        return new Snapshot(root, layout.blocksOf(root, store::get), store);
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
}
