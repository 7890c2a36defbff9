package io.phoenix.node.replication;

import io.phoenix.protocol.exchange.Wanted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.snapshot.LayerSource;
import io.phoenix.node.snapshot.Repository;
import io.phoenix.node.snapshot.SnapshotOutcome;
import io.phoenix.node.snapshot.SnapshotStats;
import io.phoenix.node.snapshot.Warnings;
import io.phoenix.node.store.pack.PackBlockStore;
import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.DataKeys;
import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.exchange.FetchScheduler;
import io.phoenix.protocol.exchange.SnapshotWants;
import io.phoenix.protocol.exchange.mapped.MappedSnapshotIndex;
import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.manifest.ManifestSigner;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.time.VirtualScheduler;
import io.phoenix.protocol.tree.ChunkRef;
import io.phoenix.protocol.tree.DirectoryEntry;
import io.phoenix.protocol.tree.EncryptedTreeBlocks;
import io.phoenix.protocol.tree.FileEntry;
import io.phoenix.protocol.tree.TreeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer walk of a site with the data key: mind's blocks first (with their sizes), then body's, then every entry of the index. */
class LayeredWantsTest {
    @TempDir
    Path home;

    static void write(Path file, int bytes, long seed) throws Exception {
        byte[] b = new byte[bytes];
        new Random(seed).nextBytes(b);
        Files.createDirectories(file.getParent());
        Files.write(file, b);
    }

    @Test
    void mindComesBeforeBodyAndEveryIndexEntryIsOffered() throws Exception {
        write(home.resolve("mind/a"), 3000, 1);
        write(home.resolve("mind/deep/er/b"), 5000, 2);
        write(home.resolve("body/c"), 4000, 3);
        write(home.resolve("body/d"), 200_000, 4);
        byte[] secret = new byte[32];
        new Random(7).nextBytes(secret);
        DataKeys keys = DataKeys.derive(secret);
        SecureRandom sr = SecureRandom.getInstance("SHA1PRNG");
        sr.setSeed(7);
        try (PackBlockStore store = PackBlockStore.open(home.resolve("store"));
             VirtualScheduler virtual = new VirtualScheduler(Instant.parse("2026-01-01T00:00:00Z"))) {
            Repository repo = new Repository(store, keys, new ManifestSigner(secret, MlDsa65KeyPair.generate(sr)), home.resolve("snapshots"),
                    "local", "test", Clock.fixed(Instant.parse("2026-01-01T02:00:00Z"), ZoneOffset.UTC));
            SnapshotOutcome o = repo.snapshot(List.of(new LayerSource("body", List.of(home.resolve("body"))),
                    new LayerSource("mind", List.of(home.resolve("mind")))), 2, new SnapshotStats(), new Warnings(w -> { }));
            SignedManifest m = SignedManifest.decode(o.id(), store.get(o.id()));
            TreeReader trees = new TreeReader(new EncryptedTreeBlocks(new BlockCodec(keys), store));
            Set<Cid> mindChunks = new HashSet<>();
            collect(trees, m.manifest().layers().get("mind"), mindChunks);
            Set<Cid> bodyChunks = new HashSet<>();
            collect(trees, m.manifest().layers().get("body"), bodyChunks);
            assertTrue(mindChunks.size() >= 2 && bodyChunks.size() >= 2, "the fixture has chunks in both layers");

            try (MappedSnapshotIndex index = MappedSnapshotIndex.build(home.resolve("work"), m.manifest().indexPages(),
                    p -> IndexPage.decode(p, store.get(p)))) {
                LayeredWants wants = new LayeredWants(index, m.manifest().layers(), trees, virtual);
                Semaphore ready = new Semaphore(0);
                wants.onReady(ready::release);
                List<Wanted> got = new ArrayList<>();
                while (!wants.exhausted()) {
                    Wanted w = wants.poll();
                    if (w != null) got.add(w);
                    else ready.tryAcquire(10, TimeUnit.MILLISECONDS); // a bounded wait for the walk's thread
                    assertTrue(got.size() < 100_000, "the source never ends");
                }
                wants.close();
                // the walk's part: mind's data blocks, then body's, in priority order
                List<Wanted> walked = got.stream().filter(w -> w.priority() < SnapshotWants.priority(0, SnapshotWants.UNKNOWN)).toList();
                assertEquals(mindChunks.size() + bodyChunks.size(), new HashSet<>(walked.stream().map(Wanted::cid).toList()).size());
                for (int i = 1; i < walked.size(); i++) assertTrue(walked.get(i - 1).priority() <= walked.get(i).priority(), "layer order");
                for (Wanted w : walked) {
                    long expected = SnapshotWants.priority(0, mindChunks.contains(w.cid()) ? SnapshotWants.MIND : SnapshotWants.BODY);
                    assertEquals(expected, w.priority(), w.cid() + " offered with the wrong layer");
                    assertEquals(w.cid(), index.cid(w.position()), "the position is the CID's place in the index");
                    // the fixture's bytes are random, so each block is stored raw: exactly its chunk, header and tag
                    assertEquals(store.get(w.cid()).length, w.sizeHint(), "the size hint is the block's size");
                }
                // then every entry of the index (tree blocks, and anything the walk missed)
                Set<Long> positions = new HashSet<>();
                for (Wanted w : got) positions.add(w.position());
                assertEquals(index.total(), positions.size());
            }
        }
    }

    static void collect(TreeReader trees, Cid dir, Set<Cid> out) throws Exception {
        trees.forEach(dir, e -> {
            if (e instanceof FileEntry f) for (ChunkRef c : f.chunks()) out.add(c.cid());
            else if (e instanceof DirectoryEntry d) {
                try {
                    collect(trees, d.tree(), out);
                } catch (Exception x) {
                    throw new IllegalStateException(x);
                }
            }
        });
    }
}
