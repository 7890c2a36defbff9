package io.phoenix.bridge.car;

import io.phoenix.bridge.BlockSource;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotLayout;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes a snapshot as a CARv1 whose single root is the manifest, blocks in the snapshot's order
 * (root first). Streaming and constant-memory: the snapshot is walked, never listed, and one block
 * is held at a time.
 */
public final class CarExport {
    /** What {@link #toFile} did: blocks written now, blocks kept from an interrupted earlier run, file size. */
    public record Result(Path file, long blocksWritten, long blocksResumed, long bytes) {}

    private static final int BUFFER = 1 << 20;

    private CarExport() {}

    /** Streams the snapshot to {@code out} (e.g. a tape device or a pipe) in the layout's order; returns bytes written. */
    public static long write(Snapshot snapshot, OutputStream out) throws IOException {
        CarWriter w = CarWriter.start(out, snapshot.root());
        snapshot.layout().forEachBlock(snapshot.root(), snapshot::read, cid -> w.write(cid, snapshot.read(cid)));
        out.flush();
        return w.written();
    }

    /** {@link #toFile(Cid, BlockStore, SnapshotLayout, Path)} for the snapshot's root, store and layout. */
    public static Result toFile(Snapshot snapshot, Path target) throws IOException {
        return toFile(snapshot.root(), snapshot::read, snapshot.layout(), target);
    }

    /**
     * Writes the snapshot to {@code target} durably and atomically: sections go to
     * {@code target.partial}, which is fsynced and renamed into place at the end. The blocks come
     * one at a time from {@code layout}'s walk of {@code store}, so memory does not grow with the
     * snapshot (the export for tape of a 10 TB snapshot of 20 million blocks). An interrupted
     * export resumes by replaying the walk against the partial file's sections: they match the
     * walk's first blocks, the first mismatch or torn section is where writing continues (a partial
     * file of another snapshot is started over). An existing {@code target} is left alone and
     * reported as complete.
     */
    public static Result toFile(Cid root, BlockStore store, SnapshotLayout layout, Path target) throws IOException {
        return toFile(root, store::get, layout, target);
    }

    private static Result toFile(Cid root, BlockSource store, SnapshotLayout layout, Path target) throws IOException {
        if (Files.exists(target)) {
            long[] n = {0};
            layout.forEachBlock(root, store::get, c -> n[0]++);
            return new Result(target, 0, n[0], Files.size(target));
        }
        Path partial = partialOf(target);
        long[] counts = new long[2]; // written now, resumed
        try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Resume resume = new Resume(ch, root);
            OutputStream[] out = {null};
            CarWriter[] w = {null};
            try {
                layout.forEachBlock(root, store::get, cid -> {
                    if (w[0] == null && resume.matchesNext(cid)) {
                        counts[1]++;
                        return;
                    }
                    if (w[0] == null) { // first block not in the partial file: cut it there and append
                        long at = resume.validEnd();
                        ch.truncate(at);
                        ch.position(at);
                        out[0] = new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER);
                        w[0] = at == 0 ? CarWriter.start(out[0], root) : CarWriter.append(out[0], at);
                    }
                    byte[] data;
                    try {
                        data = store.get(cid);
                    } catch (BridgeException e) {
                        throw e;
                    } catch (IOException e) {
                        throw new BridgeException(BridgeFailure.LOCAL, "cannot read block " + cid + " of snapshot " + root
                                + " from the local store: " + e.getMessage(), cid, e);
                    }
                    w[0].write(cid, data);
                    counts[0]++;
                });
                if (w[0] == null) ch.truncate(resume.validEnd()); // everything was there: drop a torn tail
            } finally {
                // keep what was written whole, so that the next attempt resumes after it
                if (out[0] != null) out[0].flush();
                ch.force(true);
            }
        }
        long size = Files.size(partial);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.toAbsolutePath().getParent());
        return new Result(target, counts[0], counts[1], size);
    }

    /** Reads an interrupted export's sections one by one, to compare them with the walk. */
    private static final class Resume {
        private final CarReader reader;
        private long validEnd;
        private boolean done;

        Resume(FileChannel ch, Cid root) throws IOException {
            CarReader r = null;
            if (ch.size() > 0) {
                try {
                    r = CarReader.open(new BufferedInputStream(Channels.newInputStream(ch.position(0)), BUFFER));
                    if (!r.header().roots().equals(List.of(root))) r = null; // another snapshot's: start over
                } catch (FormatException e) {
                    r = null; // torn header
                }
            }
            this.reader = r;
            this.validEnd = r == null ? 0 : r.offset();
            this.done = r == null;
        }

        /** Whether the partial file's next whole section holds {@code cid}; false from the first one that does not. */
        boolean matchesNext(Cid cid) throws IOException {
            if (done) return false;
            CarSection s;
            try {
                s = reader.next();
            } catch (FormatException e) {
                s = null; // a torn section: writing continues where it starts
            }
            if (s == null || !s.cid().equals(cid)) {
                done = true;
                return false;
            }
            validEnd = s.end();
            return true;
        }

        long validEnd() {
            return validEnd;
        }
    }

    static Path partialOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".partial");
    }

    /** The whole sections of an interrupted export and where they end. */
    record Partial(long sections, long validEnd) {}

    /**
     * Counts the valid sections of an interrupted export (streaming, nothing kept); none when the
     * file is of another snapshot or its header is torn (it will be started over).
     */
    static Partial scanPartial(Path partial, Cid root) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(partial), BUFFER)) {
            CarReader r;
            try {
                r = CarReader.open(in);
            } catch (FormatException e) {
                return new Partial(0, 0);
            }
            if (!r.header().roots().equals(List.of(root))) return new Partial(0, 0);
            long end = r.offset();
            long n = 0;
            while (true) {
                CarSection s;
                try {
                    s = r.next();
                } catch (FormatException e) {
                    return new Partial(n, end);
                }
                if (s == null) return new Partial(n, end);
                n++;
                end = s.end();
            }
        }
    }

    static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some filesystems cannot fsync a directory; the rename itself is atomic
        }
    }
}
