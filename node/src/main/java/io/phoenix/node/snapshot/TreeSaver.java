package io.phoenix.node.snapshot;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.tree.DirectoryWriter;
import io.phoenix.protocol.tree.TreeEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Pipeline stage 5: once every entry of a directory is stored, writes the directory's listing as
 * tree blocks ({@link DirectoryWriter}, encrypted under the tree key by the {@link BlockSaver}) and
 * completes with its CID. Entries that completed with null (unreadable files) are left out.
 */
public final class TreeSaver {
    private final BlockSaver saver;
    private final Executor pool;

    public TreeSaver(BlockSaver saver, Executor pool) {
        this.saver = saver;
        this.pool = pool;
    }

    public CompletableFuture<Cid> directory(List<CompletableFuture<? extends TreeEntry>> children) {
        return CompletableFuture.allOf(children.toArray(CompletableFuture[]::new)).thenApplyAsync(v -> {
            List<TreeEntry> entries = new ArrayList<>(children.size());
            for (CompletableFuture<? extends TreeEntry> c : children) {
                TreeEntry e = c.join();
                if (e != null) entries.add(e);
            }
            try {
                return DirectoryWriter.write(saver, entries);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, pool);
    }
}
