package io.phoenix.node.verify;

import io.phoenix.node.restore.Damage;
import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.manifest.Manifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.spill.CidSorter;
import io.phoenix.protocol.spill.SortedRecords;
import io.phoenix.protocol.tree.TreeReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks that a snapshot's index pages list every block its trees reference, in bounded memory:
 * the index's CIDs and the CIDs of a walk of every layer each go through a {@link CidSorter}
 * (sorted runs spilled to {@code tempDir}); the index's become a mapped file of sorted, distinct
 * CIDs, in which the walk's, drained in the same order, are looked up by a forward cursor. Memory
 * is two sort buffers and one index page, whatever the number of blocks. An unreadable index page is reported and the check is left
 * out (it would name every block of that page).
 */
public final class IndexCoverage {
    /** Each of the two sorters' buffer: 4 MiB. */
    static final int BUFFER = 4 << 20;

    private IndexCoverage() {}

    /** Records in {@code damage} every block under the layers of {@code m} that its index does not list. */
    public static void check(BlockStore store, TreeReader trees, Manifest m, Cid snapshot, Path tempDir, Damage damage) throws IOException {
        if (m.indexPages().isEmpty()) return; // nothing to compare with
        Files.createDirectories(tempDir);
        Path sortedIndex = Files.createTempFile(tempDir, "index-", ".cids");
        try (CidSorter index = new CidSorter(tempDir, BUFFER); CidSorter walked = new CidSorter(tempDir, BUFFER)) {
            for (Cid page : m.indexPages()) {
                try {
                    for (Cid c : IndexPage.decode(page, store.get(page)).blocks()) index.add(c);
                } catch (IOException | RuntimeException e) {
                    damage.block(page, "index page of snapshot " + snapshot + " unreadable: " + e.getMessage());
                    return;
                }
            }
            for (Map.Entry<String, Cid> layer : m.layers().entrySet()) {
                try {
                    trees.forEachBlock(layer.getValue(), c -> {
                        try {
                            walked.add(c);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                } catch (IOException | RuntimeException e) {
                    // a damaged tree: already reported by the verifier's walk
                }
            }
            try (SortedRecords listed = index.finish(sortedIndex)) {
                SortedRecords.Cursor cursor = listed.cursor();
                walked.drain(c -> {
                    if (!cursor.contains(c)) damage.block(c, "needed by the trees of snapshot " + snapshot + " but missing from its index");
                });
            }
        } finally {
            Files.deleteIfExists(sortedIndex);
        }
    }
}
