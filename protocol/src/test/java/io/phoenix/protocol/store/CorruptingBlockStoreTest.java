package io.phoenix.protocol.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.testing.MapBlockStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CorruptingBlockStoreTest {
    private final MapBlockStore inner = new MapBlockStore();

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static int bitsDiffering(byte[] a, byte[] b) {
        assertEquals(a.length, b.length);
        int n = 0;
        for (int i = 0; i < a.length; i++) n += Integer.bitCount((a[i] ^ b[i]) & 0xff);
        return n;
    }

    @Test
    void flippingRawBlocksFlipsOneBitOfEveryDataBlockAndServesOthersIntact() throws Exception {
        byte[] data = bytes(5000, 1);
        byte[] node = bytes(300, 2);
        Cid raw = Cid.ofRaw(data);
        Cid cbor = Cid.of(Cid.DAG_CBOR, node);
        inner.put(raw, data);
        inner.put(cbor, node);
        BlockStore bad = CorruptingBlockStore.flippingRawBlocks(inner);
        for (int i = 0; i < 3; i++) {
            byte[] served = bad.get(raw);
            assertEquals(1, bitsDiffering(data, served));
            assertFalse(raw.verifies(served));
            byte[] buf = new byte[1 << 20];
            assertEquals(data.length, bad.get(raw, buf));
            assertFalse(raw.verifies(java.util.Arrays.copyOf(buf, data.length)), "the buffer form goes through the fault too");
        }
        assertArrayEquals(node, bad.get(cbor));
        assertTrue(bad.has(raw));
        assertEquals(data.length, bad.size(raw));
        assertArrayEquals(data, inner.get(raw), "the stored copy stays intact");
    }

    @Test
    void flippingEveryBlockAlsoFlipsDagCborBlocksAndLeavesEmptyBlocksAsTheyAre() throws Exception {
        byte[] node = bytes(300, 3);
        Cid cbor = Cid.of(Cid.DAG_CBOR, node);
        Cid empty = Cid.ofRaw(new byte[0]);
        inner.put(cbor, node);
        inner.put(empty, new byte[0]);
        BlockStore bad = CorruptingBlockStore.flippingEveryBlock(inner);
        assertEquals(1, bitsDiffering(node, bad.get(cbor)));
        assertEquals(0, bad.get(empty).length);
    }

    @Test
    void corruptAfterServesTheFirstReadsThenReportsEveryBlockCorrupt() throws Exception {
        byte[] a = bytes(1000, 4);
        byte[] b = bytes(1000, 5);
        inner.put(Cid.ofRaw(a), a);
        inner.put(Cid.ofRaw(b), b);
        BlockStore failing = CorruptingBlockStore.corruptAfter(inner, 2);
        assertArrayEquals(a, failing.get(Cid.ofRaw(a)));
        assertArrayEquals(b, failing.get(Cid.ofRaw(b)));
        CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> failing.get(Cid.ofRaw(a)));
        assertEquals(Cid.ofRaw(a), e.cid());
        assertTrue(e.getMessage().contains("injected fault"), e.getMessage());
        assertThrows(CorruptBlockException.class, () -> failing.get(Cid.ofRaw(b), new byte[1 << 20]));
        byte[] c = bytes(10, 6);
        failing.put(Cid.ofRaw(c), c); // writes pass through
        assertArrayEquals(c, inner.get(Cid.ofRaw(c)));
    }

    @Test
    void onlyReadsOfTheSelectedBlocksCountTowardsTheGoodOnes() throws Exception {
        byte[] data = bytes(1000, 7);
        byte[] node = bytes(100, 8);
        Cid raw = Cid.ofRaw(data);
        Cid cbor = Cid.of(Cid.DAG_CBOR, node);
        inner.put(raw, data);
        inner.put(cbor, node);
        BlockStore bad = new CorruptingBlockStore(inner, CorruptingBlockStore.Blocks.RAW, 1, CorruptingBlockStore.Fault.FLIP_BIT);
        for (int i = 0; i < 5; i++) assertArrayEquals(node, bad.get(cbor));
        assertArrayEquals(data, bad.get(raw));
        assertEquals(1, bitsDiffering(data, bad.get(raw)));
    }
}
