package io.phoenix.bridge.car;

import io.phoenix.bridge.SnapshotLayout;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Brings a snapshot in from a CAR file, all or nothing:
 * <ol>
 *   <li>reads the whole file and verifies every block against its CID (a bad block, a torn
 *       section or a malformed header refuses the file: {@link FormatException} with the offset);</li>
 *   <li>walks the snapshot from the CAR's single root with the layout, inside the file only, and
 *       refuses the file if any needed block is missing;</li>
 *   <li>only then stores the snapshot's blocks (verified again by the store) and flushes.</li>
 * </ol>
 * So a refused CAR stores nothing. Blocks in the file that the snapshot does not need are not
 * stored. Needs a seekable file (an LTFS-mounted tape is one); memory holds CIDs, not blocks.
 */
public final class CarImport {
    /** What was imported: the root, blocks stored now, blocks that were already in the store, bytes stored. */
    public record Result(Cid root, long blocksStored, long blocksAlreadyPresent, long bytesStored) {}

    private final SnapshotLayout layout;

    public CarImport(SnapshotLayout layout) {
        this.layout = layout;
    }

    public Result importFile(Path car, BlockStore store) throws IOException {
        CarIndex index = CarIndex.build(car);
        List<Cid> roots = index.header().roots();
        if (roots.size() != 1) throw new FormatException(car + ": a snapshot CAR has exactly one root, found " + roots.size());
        Cid root = roots.get(0);
        List<Cid> needed;
        try {
            needed = layout.blocksOf(root, index::read);
        } catch (BlockNotFoundException e) {
            throw new FormatException(car + ": incomplete snapshot: block " + e.cid() + " needed by root " + root + " is not in the file", e);
        }
        for (Cid cid : needed) {
            if (!index.has(cid)) throw new FormatException(car + ": incomplete snapshot: block " + cid + " needed by root " + root + " is not in the file");
        }
        long stored = 0, present = 0, bytes = 0;
        for (Cid cid : needed) {
            if (store.has(cid)) {
                present++;
                continue;
            }
            byte[] data = index.read(cid);
            store.put(cid, data);
            stored++;
            bytes += data.length;
        }
        store.flush();
        return new Result(root, stored, present, bytes);
    }
}
