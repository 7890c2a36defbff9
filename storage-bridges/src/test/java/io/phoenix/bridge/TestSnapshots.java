package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds snapshots shaped like Phoenix's (a DAG-CBOR root linking DAG-CBOR index pages linking raw
 * blocks) from seeded random, non-repetitive bytes, into a store.
 */
public final class TestSnapshots {
    private TestSnapshots() {}

    /** {@code count} raw blocks of {@code minSize..maxSize} bytes, {@code perPage} links per index page. */
    public static Snapshot build(MemoryBlockStore store, long seed, int count, int minSize, int maxSize, int perPage)
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
            byte[] page = new TestCbor().map(2).text("page").uint(pages.size())
                    .text("blocks").links(raw.subList(i, Math.min(raw.size(), i + perPage))).toBytes();
            Cid cid = Cid.of(Cid.DAG_CBOR, page);
            store.put(cid, page);
            pages.add(cid);
        }
        byte[] root = new TestCbor().map(2).text("seed").uint(seed & Long.MAX_VALUE).text("pages").links(pages).toBytes();
        Cid rootCid = Cid.of(Cid.DAG_CBOR, root);
        store.put(rootCid, root);
        return Snapshot.of(rootCid, store, new DagWalkLayout());
    }

    /** A small snapshot: 40 blocks of 1..20 KiB in pages of 16. */
    public static Snapshot small(MemoryBlockStore store, long seed) throws IOException {
        return build(store, seed, 40, 1, 20 * 1024, 16);
    }
}
