package io.phoenix.node.snapshot;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.tree.DirectoryWriter;
import io.phoenix.protocol.tree.TreeEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * Pipeline stage 5: writes each directory's listing as tree blocks ({@link DirectoryWriter},
 * encrypted under the tree key by the {@link BlockSaver}) while its entries complete. The scanner
 * adds a directory's entries in name order, each as a future; whenever the first ones are done they
 * go into the writer (which cuts a part block every 768 KiB), so a directory's entries are not
 * all held at once. Entries done behind one that is not (a large file being read) wait in the
 * listing's queue; {@code maxQueued} bounds them across all listings: {@link Listing#add} waits
 * while that many are queued, which holds the scanner back behind a slow file. Once the scanner
 * has sealed a listing and its queue is empty, the listing's last blocks are written on the worker
 * pool and the listing completes with its CID. Entries that completed with null (unreadable files)
 * are left out.
 */
public final class TreeSaver {
    /** Entries queued at most in the engine, across all open listings. */
    public static final int DEFAULT_MAX_QUEUED = 32_768;

    private final BlockSaver saver;
    private final Executor pool;
    private final Semaphore room;
    private final int maxQueued;
    private int queued, mostQueued;

    public TreeSaver(BlockSaver saver, Executor pool, int maxQueued) {
        this.saver = saver;
        this.pool = pool;
        this.maxQueued = maxQueued;
        this.room = new Semaphore(maxQueued);
    }

    /** A new, empty listing. */
    public Listing listing() {
        return new Listing();
    }

    /** The most entries that were queued at once (for tests of the bound). */
    public synchronized int mostQueued() {
        return mostQueued;
    }

    private synchronized void queued(int delta) {
        queued += delta;
        mostQueued = Math.max(mostQueued, queued);
    }

    /** One directory's listing being written. */
    public final class Listing {
        private final DirectoryWriter writer = new DirectoryWriter(saver);
        private final ArrayDeque<CompletableFuture<? extends TreeEntry>> queue = new ArrayDeque<>();
        private final CompletableFuture<Cid> result = new CompletableFuture<>();
        private boolean sealed, finishing;

        private Listing() {
        }

        /** Adds the next entry (names strictly increasing); waits while the engine's queue bound is reached. */
        public void add(CompletableFuture<? extends TreeEntry> entry) {
            room.acquireUninterruptibly();
            queued(1);
            synchronized (this) {
                queue.add(entry);
            }
            entry.whenComplete((e, t) -> drain());
        }

        /** No more entries: the listing completes once those added are written. */
        public void seal() {
            synchronized (this) {
                sealed = true;
            }
            drain();
        }

        /** Completes with the listing's CID, or with the first failure among its entries. */
        public CompletableFuture<Cid> result() {
            return result;
        }

        private void drain() {
            boolean finish = false;
            synchronized (this) {
                while (!queue.isEmpty() && queue.peek().isDone()) {
                    CompletableFuture<? extends TreeEntry> f = queue.poll();
                    queued(-1);
                    room.release();
                    if (result.isDone()) continue; // failed: the rest only give their places back
                    try {
                        TreeEntry e = f.join();
                        if (e != null) writer.add(e);
                    } catch (IOException | RuntimeException ex) {
                        result.completeExceptionally(ex instanceof CompletionException c && c.getCause() != null ? c.getCause() : ex);
                    }
                }
                if (sealed && queue.isEmpty() && !finishing) {
                    finishing = true;
                    finish = !result.isDone();
                }
            }
            if (finish) {
                try {
                    pool.execute(() -> {
                    try {
                        result.complete(writer.finish());
                    } catch (IOException e) {
                        result.completeExceptionally(new UncheckedIOException(e));
                    } catch (RuntimeException | Error e) {
                        result.completeExceptionally(e);
                    }
                    });
                } catch (RuntimeException e) { // the pool was shut down: the run is over
                    result.completeExceptionally(e);
                }
            }
        }
    }
}
