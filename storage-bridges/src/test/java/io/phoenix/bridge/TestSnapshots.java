package io.phoenix.bridge;

import io.phoenix.protocol.testing.MapBlockStore;
import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.ipld.DagCbor;
import io.phoenix.protocol.manifest.IndexWriter;
import io.phoenix.protocol.manifest.Manifest;
import io.phoenix.protocol.manifest.ManifestSigner;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.manifest.Totals;
import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Builds test snapshots into a store from seeded random, non-repetitive bytes: real signed
 * Phoenix manifests (protocol's {@code manifest} package: manifest → index pages → raw blocks,
 * with the first blocks as layer roots), and a generic DAG-CBOR shape (root → pages → raw blocks)
 * for the generic walker.
 */
public final class TestSnapshots {
    /** The layout the bridges under test use. */
    public static final SnapshotLayout LAYOUT = new ManifestLayout();
    private static final ManifestSigner SIGNER = new ManifestSigner(new byte[32], MlDsa65KeyPair.fromSeed(new byte[32]));

    private TestSnapshots() {}

    /** Signs a manifest with the tests' fixed key. */
    static SignedManifest sign(Manifest m) {
        return SIGNER.sign(m);
    }

    /** The tests' fixed author. */
    static io.phoenix.protocol.manifest.Author author() {
        return SIGNER.author();
    }

    /** A signed manifest over {@code count} raw blocks of {@code minSize..maxSize} bytes. */
    public static Snapshot manifest(MapBlockStore store, long seed, int count, int minSize, int maxSize) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        IndexWriter index = new IndexWriter(store::put);
        List<Cid> raw = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[minSize + random.nextInt(maxSize - minSize + 1)];
            random.nextBytes(data);
            Cid cid = Cid.ofRaw(data);
            store.put(cid, data);
            index.add(cid);
            raw.add(cid);
            bytes += data.length;
        }
        TreeMap<String, Cid> layers = new TreeMap<>();
        layers.put("mind", raw.get(0));
        if (raw.size() > 1) layers.put("body", raw.get(1));
        Manifest m = new Manifest("swarm-test", "memory", seed & 0xFFFF, Instant.ofEpochMilli(1_700_000_000_000L + (seed & 0xFFFFFF)),
                List.of(), SIGNER.author(), layers, new Totals(count, bytes, count), index.finish());
        SignedManifest signed = SIGNER.sign(m);
        store.put(signed.cid(), signed.encode());
        return Snapshot.of(signed.cid(), store, LAYOUT);
    }

    /**
     * The snapshot's blocks in its layout's order, as a list: for the small snapshots of tests
     * only (production code walks, never lists).
     */
    public static List<Cid> blocks(Snapshot s) throws IOException {
        return walk(s.layout(), s.root(), s.store()::get);
    }

    /** A layout's walk as a list. */
    public static List<Cid> walk(SnapshotLayout layout, Cid root, BlockSource source) throws IOException {
        List<Cid> out = new ArrayList<>();
        layout.forEachBlock(root, source, out::add);
        return out;
    }

    /** A bridge's walk as a list. */
    public static List<Cid> walk(Bridge bridge, Cid root) throws BridgeException {
        List<Cid> out = new ArrayList<>();
        bridge.forEachBlock(root, out::add);
        return out;
    }

    /** A small snapshot: a manifest over 40 blocks of 1..20 KiB. */
    public static Snapshot small(MapBlockStore store, long seed) throws IOException {
        return manifest(store, seed, 40, 1, 20 * 1024);
    }

    /** A generic DAG-CBOR snapshot: {@code count} raw blocks, {@code perPage} links per page. */
    public static Snapshot dag(MapBlockStore store, long seed, int count, int minSize, int maxSize, int perPage)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<Cid> raw = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[minSize + random.nextInt(maxSize - minSize + 1)];
            random.nextBytes(data);
            Cid cid = Cid.ofRaw(data);
            store.put(cid, data);
            raw.add(cid);
        }
        List<Cid> pages = new ArrayList<>();
        for (int i = 0; i < raw.size(); i += perPage) {
            byte[] page = DagCbor.encode(Map.of("page", (long) pages.size(), "blocks", raw.subList(i, Math.min(raw.size(), i + perPage))));
            Cid cid = Cid.of(Cid.DAG_CBOR, page);
            store.put(cid, page);
            pages.add(cid);
        }
        byte[] root = DagCbor.encode(Map.of("seed", seed & Long.MAX_VALUE, "pages", pages));
        Cid rootCid = Cid.of(Cid.DAG_CBOR, root);
        store.put(rootCid, root);
        return Snapshot.of(rootCid, store, new DagWalkLayout());
    }
}
