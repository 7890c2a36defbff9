package io.phoenix.protocol.store;

import static org.junit.jupiter.api.Assertions.*;

import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class DigestCacheTest {
    private static byte[] digest(int n) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16)});
    }

    @Test
    void holdsWhatFitsAndAHitIsExact() throws Exception {
        DigestCache c = new DigestCache(1024, 32);
        for (int i = 0; i < 100; i++) c.put(digest(i), 0, digest(i + 1_000_000), 0);
        byte[] out = new byte[32];
        for (int i = 0; i < 100; i++) {
            assertTrue(c.get(digest(i), 0, out), "entry " + i);
            assertArrayEquals(digest(i + 1_000_000), out);
        }
        for (int i = 100; i < 200; i++) assertFalse(c.contains(digest(i), 0), "never put: " + i);
        c.remove(digest(5), 0);
        assertFalse(c.contains(digest(5), 0));
        assertEquals(99, c.size());
    }

    @Test
    void memoryIsFixedWhateverIsPut() throws Exception {
        DigestCache c = new DigestCache(1000, 0);
        long heap = c.heapBytes();
        assertEquals(1024, c.capacity());
        for (int i = 0; i < 100_000; i++) c.add(digest(i), 0);
        assertEquals(heap, c.heapBytes());
        assertTrue(c.size() <= c.capacity(), "size " + c.size());
        int recent = 0;
        for (int i = 99_900; i < 100_000; i++) if (c.contains(digest(i), 0)) recent++;
        assertTrue(recent > 90, "the newest entries are mostly held: " + recent);
        int never = 0;
        for (int i = 200_000; i < 201_000; i++) if (c.contains(digest(i), 0)) never++;
        assertEquals(0, never, "a digest never put is never reported held");
    }

    @Test
    void addSaysWhetherItWasNew() throws Exception {
        DigestCache c = new DigestCache(16, 0);
        assertTrue(c.add(digest(1), 0));
        assertFalse(c.add(digest(1), 0));
    }
}
