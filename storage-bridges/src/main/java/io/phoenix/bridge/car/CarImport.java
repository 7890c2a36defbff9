package io.phoenix.bridge.car;

import io.phoenix.bridge.SnapshotLayout;
import io.phoenix.protocol.spill.SortedRecords;
import io.phoenix.protocol.spill.WorkDir;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Brings a snapshot in from a CAR file, all or nothing:
 * <ol>
 *   <li>reads the whole file and verifies every block against its CID (a bad block, a torn
 *       section or a malformed header refuses the file: {@link FormatException} with the offset),
 *       filing where each block lies in a {@link CarIndex} on disk;</li>
 *   <li>walks the snapshot from the CAR's single root with the layout, inside the file only, and
 *       refuses the file if any needed block is missing;</li>
 *   <li>only then walks it again, storing the snapshot's blocks (verified again by the store), and
 *       flushes.</li>
 * </ol>
 * So a refused CAR stores nothing. Blocks in the file that the snapshot does not need are not
 * stored. Needs a seekable file (an LTFS-mounted tape is one). Memory does not grow with the file:
 * the index is a sorted file in a scratch directory of {@code work} (deleted at the end), the walks
 * hold one index page, and one block is in memory at a time.
 */
public final class CarImport {
    /** What was imported: the root, blocks stored now, blocks that were already in the store, bytes stored. */
    public record Result(Cid root, long blocksStored, long blocksAlreadyPresent, long bytesStored) {}

    private final SnapshotLayout layout;
    private final WorkDir work;

    public CarImport(SnapshotLayout layout, WorkDir work) {
        this.layout = layout;
        this.work = work;
    }

    /** Spills to the JVM's temporary directory. */
    public CarImport(SnapshotLayout layout) {
        this(layout, WorkDir.system());
    }

    public Result importFile(Path car, BlockStore store) throws IOException {
        try (WorkDir.Scratch scratch = work.scratch()) {
            try (CarIndex index = CarIndex.build(car, scratch.newFile("car-index")); CarIndex.Reader reader = index.reader()) {
                return importFile(car, index, reader, store);
            }
        }
    }

    private Result importFile(Path car, CarIndex index, CarIndex.Reader reader, BlockStore store) throws IOException {
        List<Cid> roots = index.header().roots();
        if (roots.size() != 1) throw new FormatException(car + ": a snapshot CAR has exactly one root, found " + roots.size());
        Cid root = roots.get(0);
        SortedRecords.Cursor inFile = index.cursor();
        try {
            layout.forEachBlock(root, reader::read, cid -> {
                if (!inFile.contains(cid)) throw incomplete(car, cid, root, null);
            });
        } catch (BlockNotFoundException e) {
            throw incomplete(car, e.cid(), root, e);
        }
        long[] counts = new long[3]; // stored, present, bytes
        layout.forEachBlock(root, reader::read, cid -> {
            if (store.has(cid)) {
                counts[1]++;
                return;
            }
            byte[] data = reader.read(cid);
            store.put(cid, data);
            counts[0]++;
            counts[2] += data.length;
        });
        store.flush();
        return new Result(root, counts[0], counts[1], counts[2]);
    }

    private static FormatException incomplete(Path car, Cid cid, Cid root, Throwable cause) {
        return new FormatException(car + ": incomplete snapshot: block " + cid + " needed by root " + root + " is not in the file", cause);
    }
}
