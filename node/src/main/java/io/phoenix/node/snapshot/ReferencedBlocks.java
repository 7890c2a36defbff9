package io.phoenix.node.snapshot;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.spill.CidSorter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Every block CID a snapshot references (data chunks and tree blocks), for the manifest's index,
 * in bounded memory: the CIDs go through a {@link CidSorter} (a buffer of {@code bufferBytes},
 * sorted runs spilled to {@code tempDir} beyond it), which hands each distinct CID once, sorted,
 * to the {@link ManifestWriter}. Safe for concurrent {@link #add}.
 */
public final class ReferencedBlocks implements AutoCloseable {
    /** The engine's buffer: 8 MiB, 233,016 CIDs; a larger snapshot spills one run per that many. */
    public static final int DEFAULT_BUFFER = 8 << 20;

    private final CidSorter sorter;

    public ReferencedBlocks(Path tempDir, int bufferBytes) {
        this.sorter = new CidSorter(tempDir, bufferBytes);
    }

    public void add(Cid cid) {
        try {
            synchronized (sorter) {
                sorter.add(cid);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands every distinct CID to {@code sink}, sorted; returns how many. Once only. */
    public long drain(CidSorter.Sink sink) throws IOException {
        synchronized (sorter) {
            return sorter.drain(sink);
        }
    }

    /** CIDs added, duplicates included. */
    public long added() {
        synchronized (sorter) {
            return sorter.added();
        }
    }

    /** Removes the spilled runs. */
    @Override
    public void close() throws IOException {
        synchronized (sorter) {
            sorter.close();
        }
    }
}
