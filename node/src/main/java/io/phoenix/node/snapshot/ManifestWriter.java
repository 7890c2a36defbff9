package io.phoenix.node.snapshot;

import io.phoenix.node.Trace;
import io.phoenix.protocol.manifest.IndexWriter;
import io.phoenix.protocol.manifest.Manifest;
import io.phoenix.protocol.manifest.ManifestSigner;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.manifest.Totals;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Pipeline stage 6, the commit: (1) flush the store, so every data and tree block is durable;
 * (2) write the block index pages; (3) sign and store the manifest; (4) flush again; (5) move the
 * head. Until step 5 the new snapshot is invisible and the previous head is untouched, so a crash
 * at any point leaves the previous state intact; blocks already written are reused next time.
 */
public final class ManifestWriter {
    private final BlockStore store;
    private final ManifestSigner signer;
    private final Heads heads;
    private final Clock clock;
    private final SnapshotStats stats;
    private long indexed;

    public ManifestWriter(BlockStore store, ManifestSigner signer, Heads heads, Clock clock, SnapshotStats stats) {
        this.store = store;
        this.signer = signer;
        this.heads = heads;
        this.clock = clock;
        this.stats = stats;
    }

    /**
     * Publishes a snapshot of {@code layers} referencing {@code blocks} (drained here, sorted and
     * distinct, into the index pages: memory is one page, whatever the number of blocks), with {@code parents} (the
     * current heads, whose manifests are given) as parents, and removes the head files
     * {@code replaced} (the parents and any superseded ones). Returns the new manifest's CID.
     */
    public Cid publish(String swarmId, String dataset, Map<String, Cid> layers, ReferencedBlocks blocks,
                       Collection<SignedManifest> parents, Collection<Cid> parentCids, Collection<Cid> replaced) throws IOException {
        // the data and tree blocks become durable while the index is built and the manifest signed
        // (CPU); the manifest is stored only after that flush, and the head moves after a second one
        CompletableFuture<Void> flushed = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("phoenix-flush").start(() -> {
            try {
                store.flush();
                flushed.complete(null);
            } catch (Throwable t) {
                flushed.completeExceptionally(t);
            }
        });
        IndexWriter index = new IndexWriter((cid, bytes) -> put(cid, bytes));
        long count = blocks.drain(index::add);
        indexed = count;
        List<Cid> pages = index.finish();
        Trace.mark("index written");
        long sequence = 1;
        for (SignedManifest p : parents) sequence = Math.max(sequence, p.manifest().sequence() + 1);
        Totals totals = new Totals(stats.files.get(), stats.bytes.get(), count);
        List<Cid> parentList = new ArrayList<>(parentCids);
        parentList.sort(null);
        Manifest m = new Manifest(swarmId, dataset, sequence, clock.instant(), parentList, signer.author(),
                new TreeMap<>(layers), totals, pages);
        SignedManifest signed = signer.sign(m);
        Trace.mark("manifest signed");
        byte[] bytes = signed.encode();
        Cid cid = signed.cid();
        awaitFlush(flushed);
        Trace.mark("blocks flushed");
        put(cid, bytes);
        store.flush();
        heads.advance(cid, replaced);
        return cid;
    }

    /** Distinct blocks the last published manifest's index lists. */
    public long indexed() {
        return indexed;
    }

    private static void awaitFlush(CompletableFuture<Void> flushed) throws IOException {
        try {
            flushed.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    private void put(Cid cid, byte[] bytes) throws IOException {
        if (!store.has(cid)) {
            store.put(cid, bytes);
            stats.newBlocks.incrementAndGet();
            stats.newBytes.addAndGet(bytes.length);
        }
    }
}
