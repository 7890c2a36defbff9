package io.phoenix.node.store.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups in one index run: every key present is found with its location, every other key is not. */
class IndexRunTest {
    @TempDir
    Path dir;

    @Test
    void findsEveryKeyOfAnEvenlySpreadRunAndNoOther() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        TreeMap<IndexKey, Location> keys = new TreeMap<>();
        for (int i = 0; i < 200_000; i++) {
            keys.put(new IndexKey(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong(), 0x55), location(i));
        }
        assertLookups(keys, random);
    }

    @Test
    void findsEveryKeyWhenKeysCrowdTogether() throws Exception {
        // not what SHA-256 gives, but the search must stay correct (and bounded) on any spread:
        // runs of equal leading bytes, keys differing only in the codec, an empty and a full bucket
        SplittableRandom random = new SplittableRandom(11);
        TreeMap<IndexKey, Location> keys = new TreeMap<>();
        int i = 0;
        for (; i < 5_000; i++) keys.put(new IndexKey(0x0100_0000_0000_0000L + i, 0, 0, random.nextLong(), 0x55), location(i));
        for (; i < 10_000; i++) keys.put(new IndexKey(0x0200_0000_0000_0000L, i, 0, 0, 0x55), location(i));
        for (int codec = 0; codec < 64; codec++, i++) keys.put(new IndexKey(0x0300_0000_0000_0007L, 1, 2, 3, codec), location(i));
        for (; i < 20_000; i++) keys.put(new IndexKey(0xff00_0000_0000_0000L | (random.nextLong() >>> 40), 0, 0, 0, 0x71), location(i));
        for (; i < 21_000; i++) keys.put(new IndexKey(0x0400_0000_0000_0000L | (long) i << 40, 0, 0, 0, 0x55), location(i));
        keys.put(new IndexKey(0x04ff_ffff_ffff_ffffL, -1, -1, -1, -1), location(i));
        assertLookups(keys, random);
    }

    private void assertLookups(TreeMap<IndexKey, Location> keys, SplittableRandom random) throws Exception {
        Path file = dir.resolve(IndexRun.name(1, 1));
        IndexRun.write(file, keys.entrySet().iterator());
        IndexRun run = IndexRun.open(file);
        try {
            for (Map.Entry<IndexKey, Location> e : keys.entrySet()) assertEquals(e.getValue(), run.find(e.getKey()), e.getKey().toString());
            for (IndexKey k : keys.keySet()) {
                IndexKey beside = new IndexKey(k.d0(), k.d1(), k.d2(), k.d3() + 1, k.codec());
                if (!keys.containsKey(beside)) assertNull(run.find(beside));
                IndexKey otherCodec = new IndexKey(k.d0(), k.d1(), k.d2(), k.d3(), k.codec() + 1);
                if (!keys.containsKey(otherCodec)) assertNull(run.find(otherCodec));
            }
            for (int i = 0; i < 100_000; i++) {
                IndexKey k = new IndexKey(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong(), 0x55);
                if (!keys.containsKey(k)) assertNull(run.find(k));
            }
        } finally {
            run.unmap();
        }
    }

    private static Location location(int i) {
        return new Location(i % 97, 16L * i, 1 + i % 4000);
    }
}
