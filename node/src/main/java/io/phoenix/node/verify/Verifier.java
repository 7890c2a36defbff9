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
import io.phoenix.protocol.store.DigestCache;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Re-reads a snapshot's layers: every tree block (decrypted and parsed), every data chunk (CID,
 * key, MAC, length) and every file (whole-file digest), in parallel. Everything found wrong goes
 * into {@link Damage}, naming the block and the file; nothing is repaired.
 *
 * <p>Memory is bounded whatever the size of the snapshots: files in flight (256), the chunks being
 * read, the listing of each directory on the walk's path, and two fixed-size, lossy tables
 * ({@link DigestCache}): the MACs of chunks read recently (a chunk shared by several files is
 * usually read once; one forgotten is read again) and the sub-trees already verified in this run
 * (a sub-tree unchanged since an earlier snapshot is skipped; one forgotten is verified again).
 * Forgetting costs reading again, never a missed check. A chunk found damaged is remembered (the
 * damage report holds it anyway), so the other files that need it are named without reading it again.
 */
public final class Verifier implements AutoCloseable {
    private final ChunkFetcher fetcher;
    private final TreeReader trees;
    private final Damage damage;
    private final RestoreStats stats;
    private final ExecutorService pool;
    /** Chunks being read now (at most {@link #CHUNKS_IN_FLIGHT}): a second file needing one waits for the same read. */
    private final Map<Cid, CompletableFuture<byte[]>> reading = new ConcurrentHashMap<>();
    /** Chunk digest → plaintext MAC of chunks read and found intact: 4.5 MiB. */
    private final DigestCache macs = new DigestCache(1 << 16, 32);
    /** Chunks found damaged, with what was wrong (as many as the damage report names). */
    private final Map<Cid, Throwable> damaged = new ConcurrentHashMap<>();
    /** Tree blocks (listings) verified in this run: 5 MiB, ~130,000 directories. */
    private final DigestCache treesSeen = new DigestCache(1 << 17, 0);
    private static final int CHUNKS_IN_FLIGHT = 256;
    private static final int FILES_IN_FLIGHT = 256;
    private final Semaphore inFlight = new Semaphore(CHUNKS_IN_FLIGHT);
    private final Semaphore filesInFlight = new Semaphore(FILES_IN_FLIGHT);

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

    /** Verifies the layer rooted at {@code root}; damage is recorded, not thrown. Returns once every file is checked. */
    public void verifyLayer(String layer, Cid root) {
        directory(layer, root);
        filesInFlight.acquireUninterruptibly(FILES_IN_FLIGHT); // every file's check has finished
        filesInFlight.release(FILES_IN_FLIGHT);
    }

    private void directory(String shown, Cid tree) {
        byte[] key = new byte[DigestCache.KEY_BYTES];
        if (tree.rawDigestInto(key, 0) && treesSeen.contains(key, 0)) {
            // A sub-tree verified before in this run (unchanged since an earlier snapshot): checked then.
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
            if (e instanceof DirectoryEntry d) {
                directory(path, d.tree());
            } else if (e instanceof FileEntry f) {
                filesInFlight.acquireUninterruptibly();
                file(path, f).whenComplete((v, t) -> filesInFlight.release());
            } else {
                stats.symlinks.incrementAndGet();
            }
        }
        // Remembered once its entries are under way: damage below is reported by this run's walk
        // either way, and a later snapshot sharing this listing need not walk it again.
        treesSeen.add(key, 0);
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
        byte[] key = new byte[DigestCache.KEY_BYTES];
        boolean raw = ref.cid().rawDigestInto(key, 0);
        byte[] mac = new byte[32];
        if (raw && macs.get(key, 0, mac)) return CompletableFuture.completedFuture(mac);
        Throwable bad = damaged.get(ref.cid());
        if (bad != null) return CompletableFuture.failedFuture(bad);
        CompletableFuture<byte[]> known = reading.get(ref.cid());
        if (known != null) return known;
        inFlight.acquireUninterruptibly();
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> raced = reading.putIfAbsent(ref.cid(), mine);
        if (raced != null) {
            inFlight.release();
            return raced;
        }
        pool.execute(() -> {
            try {
                FetchedChunk d = fetcher.fetch(ref);
                stats.blocks.incrementAndGet();
                byte[] m = d.plaintextMac();
                if (raw) macs.put(key, 0, m, 0);
                mine.complete(m);
            } catch (DamagedBlockException e) {
                damage.block(e.cid(), e.getMessage());
                damaged.put(ref.cid(), e);
                mine.completeExceptionally(e);
            } catch (IOException | RuntimeException e) {
                damaged.put(ref.cid(), e);
                mine.completeExceptionally(e);
            } finally {
                reading.remove(ref.cid());
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
