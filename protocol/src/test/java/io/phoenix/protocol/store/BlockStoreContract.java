package io.phoenix.protocol.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Cid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The one test suite every {@link BlockStore} passes (shipped in protocol's test-jar). A subclass
 * opens a fresh, empty store and knows how to damage a stored block the way its medium can be
 * damaged (a truncated file, a flipped bit, a lost object).
 */
public abstract class BlockStoreContract {
    /** Kinds of damage {@link #damage} must be able to inflict on a stored block. */
    public enum Damage {
        /** The stored bytes lose their tail. */
        TRUNCATE,
        /** One stored byte changes. */
        FLIP_BYTE,
        /** The stored block disappears behind the store's back. */
        REMOVE
    }

    protected BlockStore store;

    /** A new, empty store. */
    protected abstract BlockStore newStore() throws Exception;

    /** Damages the durable copy of {@code cid} (already put and flushed) in {@code store}. */
    protected abstract void damage(BlockStore store, Cid cid, Damage damage) throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) store.close();
    }

    protected static byte[] block(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected Cid putBlock(int size, long seed) throws Exception {
        byte[] data = block(size, seed);
        Cid cid = Cid.ofRaw(data);
        store.put(cid, data);
        return cid;
    }

    @Test
    void putThenGetReturnsTheBytes() throws Exception {
        byte[] data = block(100_000, 1);
        Cid cid = Cid.ofRaw(data);
        store.put(cid, data);
        assertArrayEquals(data, store.get(cid));
        store.flush();
        assertArrayEquals(data, store.get(cid));
    }

    @Test
    void putHashedStoresWhatPutStores() throws Exception {
        byte[] data = block(70_000, 11);
        Cid cid = Cid.ofRaw(data);
        store.putHashed(cid, data);
        store.putHashed(cid, data); // idempotent like put
        assertArrayEquals(data, store.get(cid));
        store.flush();
        assertArrayEquals(data, store.get(cid));
        assertEquals(data.length, store.size(cid));
    }

    @Test
    void putHashedOfARangeStoresJustThatRangeAndKeepsNoReference() throws Exception {
        byte[] data = block(70_000, 13);
        byte[] buf = new byte[90_000];
        System.arraycopy(data, 0, buf, 5_000, data.length);
        Cid cid = Cid.ofRaw(data);
        store.putHashed(cid, buf, 5_000, data.length);
        java.util.Arrays.fill(buf, (byte) 0); // the caller reuses its buffer at once
        assertArrayEquals(data, store.get(cid));
        store.flush();
        assertArrayEquals(data, store.get(cid));
        assertEquals(data.length, store.size(cid));
    }

    @Test
    void getIntoABufferReturnsTheLengthAndTheBytes() throws Exception {
        byte[] data = block(70_000, 14);
        Cid cid = Cid.ofRaw(data);
        store.put(cid, data);
        byte[] buf = new byte[1 << 20];
        java.util.Arrays.fill(buf, (byte) 0x5a);
        assertEquals(data.length, store.get(cid, buf));
        assertArrayEquals(data, java.util.Arrays.copyOf(buf, data.length));
        store.flush();
        assertEquals(data.length, store.get(cid, buf));
        assertArrayEquals(data, java.util.Arrays.copyOf(buf, data.length));
        assertThrows(BlockNotFoundException.class, () -> store.get(Cid.ofRaw(block(5, 15)), buf));
    }

    @Test
    void getIntoABufferTooSmallForTheBlockIsRefused() throws Exception {
        Cid cid = putBlock(10_000, 16);
        store.flush();
        assertThrows(CorruptBlockException.class, () -> store.get(cid, new byte[9_999]));
        assertArrayEquals(block(10_000, 16), store.get(cid)); // and it is still there whole
    }

    @Test
    void emptyAndMaximumSizeBlocksRoundTrip() throws Exception {
        for (int size : new int[] {0, 1, 1 << 20}) {
            byte[] data = block(size, size);
            Cid cid = Cid.ofRaw(data);
            store.put(cid, data);
            store.flush();
            assertArrayEquals(data, store.get(cid), "size " + size);
            assertEquals(size, store.size(cid));
        }
    }

    @Test
    void hasAndSizeReflectPresence() throws Exception {
        byte[] data = block(4096, 2);
        Cid cid = Cid.ofRaw(data);
        assertFalse(store.has(cid));
        assertEquals(-1, store.size(cid));
        store.put(cid, data);
        assertTrue(store.has(cid));
        assertEquals(4096, store.size(cid));
        store.flush();
        assertTrue(store.has(cid));
        assertEquals(4096, store.size(cid));
    }

    @Test
    void absentBlockIsNotFound() throws Exception {
        Cid cid = Cid.ofRaw(block(10, 3));
        BlockNotFoundException e = assertThrows(BlockNotFoundException.class, () -> store.get(cid));
        assertEquals(cid, e.cid());
    }

    @Test
    void putIsIdempotent() throws Exception {
        byte[] data = block(5000, 4);
        Cid cid = Cid.ofRaw(data);
        store.put(cid, data);
        store.put(cid, data.clone());
        store.flush();
        store.put(cid, data);
        assertArrayEquals(data, store.get(cid));
        List<Cid> seen = new ArrayList<>();
        store.forEach(seen::add);
        assertEquals(List.of(cid), seen);
    }

    @Test
    void putWithMismatchedCidIsRejected() throws Exception {
        byte[] data = block(5000, 5);
        Cid other = Cid.ofRaw(block(5000, 6));
        assertThrows(IllegalArgumentException.class, () -> store.put(other, data));
        assertFalse(store.has(other));
        store.flush();
        assertFalse(store.has(other));
        assertThrows(BlockNotFoundException.class, () -> store.get(other));
    }

    @Test
    void putDoesNotKeepAReferenceToTheCallersArray() throws Exception {
        byte[] data = block(1000, 7);
        byte[] copy = data.clone();
        Cid cid = Cid.ofRaw(data);
        store.put(cid, data);
        data[0] ^= 1;
        assertArrayEquals(copy, store.get(cid));
    }

    @Test
    void deleteRemovesTheBlockAndIgnoresAbsentOnes() throws Exception {
        Cid a = putBlock(3000, 8);
        Cid b = putBlock(3000, 9);
        store.flush();
        store.delete(a);
        store.delete(a);
        store.delete(Cid.ofRaw(block(1, 10)));
        assertFalse(store.has(a));
        assertThrows(BlockNotFoundException.class, () -> store.get(a));
        assertTrue(store.has(b));
        Cid c = putBlock(3000, 11);
        store.delete(c);
        store.flush();
        assertFalse(store.has(c));
    }

    @Test
    void forEachVisitsEveryBlockOnce() throws Exception {
        Set<Cid> expected = new HashSet<>();
        for (int i = 0; i < 300; i++) expected.add(putBlock(64 + i, 1000 + i));
        List<Cid> seen = new ArrayList<>();
        store.forEach(seen::add);
        assertEquals(expected.size(), seen.size());
        assertEquals(expected, new HashSet<>(seen));
    }

    @Test
    void concurrentPutAndGetFromManyThreads() throws Exception {
        int threads = 8;
        int perThread = 60;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Set<Cid> all = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    Random rnd = new Random(id);
                    for (int i = 0; i < perThread; i++) {
                        // half of the blocks are shared between threads, so puts of one CID race
                        long seed = rnd.nextBoolean() ? i : 10_000L * (id + 1) + i;
                        byte[] data = block(1 + (int) (seed % 20_000), seed);
                        Cid cid = Cid.ofRaw(data);
                        store.put(cid, data);
                        all.add(cid);
                        assertArrayEquals(data, store.get(cid));
                        if (i % 16 == 0) store.flush();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        store.flush();
        Set<Cid> seen = new HashSet<>();
        store.forEach(seen::add);
        assertEquals(all, seen);
        for (Cid cid : all) assertTrue(cid.verifies(store.get(cid)));
    }

    @Test
    void closedStoreRefusesWork() throws Exception {
        Cid cid = putBlock(10, 12);
        store.close();
        assertThrows(java.io.IOException.class, () -> store.get(cid));
        assertThrows(java.io.IOException.class, () -> store.put(cid, block(10, 12)));
        store = null;
    }

    @Nested
    class TruncatedBlockIsRejected {
        @Test
        void getThrowsCorruptBlockNamingTheCid() throws Exception {
            Cid cid = putBlock(50_000, 20);
            Cid intact = putBlock(50_000, 21);
            store.flush();
            damage(store, cid, Damage.TRUNCATE);
            CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> store.get(cid));
            assertEquals(cid, e.cid());
            assertArrayEquals(block(50_000, 21), store.get(intact));
        }

        @Test
        void getIntoABufferThrowsCorruptBlockNamingTheCid() throws Exception {
            Cid cid = putBlock(50_000, 24);
            store.flush();
            damage(store, cid, Damage.TRUNCATE);
            CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> store.get(cid, new byte[1 << 20]));
            assertEquals(cid, e.cid());
        }
    }

    @Nested
    class CorruptedBlockIsRejected {
        @Test
        void getThrowsCorruptBlockNamingTheCid() throws Exception {
            Cid cid = putBlock(50_000, 22);
            store.flush();
            damage(store, cid, Damage.FLIP_BYTE);
            CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> store.get(cid));
            assertEquals(cid, e.cid());
            assertTrue(e.getMessage().contains(cid.toString()), e.getMessage());
        }

        @Test
        void getIntoABufferThrowsCorruptBlockNamingTheCid() throws Exception {
            Cid cid = putBlock(50_000, 25);
            store.flush();
            damage(store, cid, Damage.FLIP_BYTE);
            CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> store.get(cid, new byte[1 << 20]));
            assertEquals(cid, e.cid());
        }
    }

    @Nested
    class MissingBlockIsReported {
        @Test
        void getThrowsBlockNotFound() throws Exception {
            Cid cid = putBlock(50_000, 23);
            store.flush();
            damage(store, cid, Damage.REMOVE);
            assertFalse(store.has(cid));
            BlockNotFoundException e = assertThrows(BlockNotFoundException.class, () -> store.get(cid));
            assertEquals(cid, e.cid());
            assertThrows(BlockNotFoundException.class, () -> store.get(cid, new byte[1 << 20]));
        }
    }
}
