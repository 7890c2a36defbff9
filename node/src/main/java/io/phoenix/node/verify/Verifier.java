package io.phoenix.node.verify;

import io.phoenix.node.restore.ChunkFetcher;
import io.phoenix.node.restore.Damage;
import io.phoenix.node.restore.DamagedBlockException;
import io.phoenix.node.restore.FetchedChunk;
import io.phoenix.node.restore.RestoreStats;
import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.CorruptBlockException;
import io.phoenix.protocol.tree.ChunkRef;
import io.phoenix.protocol.tree.DirectoryEntry;
import io.phoenix.protocol.tree.EncryptedTreeBlocks;
import io.phoenix.protocol.tree.FileDigest;
import io.phoenix.protocol.tree.FileEntry;
import io.phoenix.protocol.tree.TreeEntry;
import io.phoenix.protocol.tree.TreeReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Re-reads a snapshot's layers: every tree block (decrypted and parsed), every data chunk (CID,
 * key, MAC, length) and every file (whole-file digest), in parallel. A chunk shared by several
 * files or snapshots is read once per verifier; its MAC is remembered for the digests. Everything
 * found wrong goes into {@link Damage}, naming the block and the file; nothing is repaired.
 */
public final class Verifier implements AutoCloseable {
    private final ChunkFetcher fetcher;
    private final TreeReader trees;
    private final Damage damage;
    private final RestoreStats stats;
    private final ExecutorService pool;
    private final Map<Cid, CompletableFuture<byte[]>> macs = new ConcurrentHashMap<>();
    private final Set<Cid> treesSeen = ConcurrentHashMap.newKeySet();
    private final Semaphore inFlight = new Semaphore(256);

    public Verifier(BlockStore store, BlockCodec codec, Damage damage, RestoreStats stats, int threads) {
        this.fetcher = new ChunkFetcher(store, codec);
        this.trees = new TreeReader(new EncryptedTreeBlocks(codec, store));
        this.damage = damage;
        this.stats = stats;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "phoenix-verify");
            t.setDaemon(true);
            return t;
        });
    }

    /** Verifies the layer rooted at {@code root}; damage is recorded, not thrown. */
    public void verifyLayer(String layer, Cid root) {
        List<CompletableFuture<Void>> files = new ArrayList<>();
        directory(layer, root, files);
        for (CompletableFuture<Void> f : files) f.join();
    }

    /** Every CID a tree walk touched (tree blocks and chunks), to compare with the manifest's index. */
    public Set<Cid> seen() {
        Set<Cid> all = ConcurrentHashMap.newKeySet();
        all.addAll(treesSeen);
        all.addAll(macs.keySet());
        return all;
    }

    private void directory(String shown, Cid tree, List<CompletableFuture<Void>> files) {
        if (!treesSeen.add(tree)) {
            // A sub-tree seen before (unchanged since an earlier snapshot) was checked then.
            return;
        }
        List<TreeEntry> entries;
        try {
            entries = trees.list(tree);
        } catch (IOException | RuntimeException e) {
            damage.file(shown + "/", "directory unreadable: " + e.getMessage());
            if (e instanceof BlockNotFoundException nf) damage.block(nf.cid(), "missing from the store");
            else if (e instanceof CorruptBlockException cb) damage.block(cb.cid(), "corrupt: " + cb.getMessage());
            else damage.block(tree, "tree unreadable: " + e.getMessage());
            return;
        }
        stats.directories.incrementAndGet();
        for (TreeEntry e : entries) {
            String path = shown + "/" + e.name();
            if (e instanceof DirectoryEntry d) directory(path, d.tree(), files);
            else if (e instanceof FileEntry f) files.add(file(path, f));
            else stats.symlinks.incrementAndGet();
        }
    }

    private CompletableFuture<Void> file(String shown, FileEntry f) {
        List<CompletableFuture<byte[]>> parts = new ArrayList<>(f.chunks().size());
        for (ChunkRef ref : f.chunks()) parts.add(mac(ref));
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).handle((v, t) -> {
            if (t != null) {
                Throwable c = t instanceof CompletionException ? t.getCause() : t;
                if (c instanceof UncheckedIOException u) c = u.getCause();
                if (c instanceof CompletionException ce) c = ce.getCause();
                damage.fileFailed(shown, c);
                return null;
            }
            FileDigest digest = new FileDigest();
            for (int i = 0; i < parts.size(); i++) digest.add(parts.get(i).join(), f.chunks().get(i).length());
            if (!MessageDigest.isEqual(digest.finish(), f.digest())) {
                damage.file(shown, "content does not match the file digest recorded in the snapshot");
            }
            stats.files.incrementAndGet();
            stats.bytes.addAndGet(f.size());
            return null;
        });
    }

    private CompletableFuture<byte[]> mac(ChunkRef ref) {
        CompletableFuture<byte[]> known = macs.get(ref.cid());
        if (known != null) return known;
        inFlight.acquireUninterruptibly();
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> raced = macs.putIfAbsent(ref.cid(), mine);
        if (raced != null) {
            inFlight.release();
            return raced;
        }
        pool.execute(() -> {
            try {
                FetchedChunk d = fetcher.fetch(ref);
                stats.blocks.incrementAndGet();
                mine.complete(d.plaintextMac());
            } catch (DamagedBlockException e) {
                damage.block(e.cid(), e.getMessage());
                mine.completeExceptionally(e);
            } catch (IOException | RuntimeException e) {
                mine.completeExceptionally(e);
            } finally {
                inFlight.release();
            }
        });
        return mine;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
