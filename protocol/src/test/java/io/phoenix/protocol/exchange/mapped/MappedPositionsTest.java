package io.phoenix.protocol.exchange.mapped;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.exchange.PositionSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedPositionsTest {
    @TempDir
    Path dir;

    @Test
    void behavesLikeTheHeapSetAndCountsWithoutScanning() throws Exception {
        long size = 100_003; // not a multiple of 8
        try (MappedPositions mapped = MappedPositions.create(dir, size); PositionSet heap = PositionSet.inHeap().create(size)) {
            Random r = new Random(3);
            for (int i = 0; i < 20_000; i++) {
                long p = r.nextInt((int) size + 10) - 5; // some out of range
                if (r.nextInt(4) == 0) assertEquals(heap.remove(p), mapped.remove(p));
                else assertEquals(heap.add(p), mapped.add(p));
            }
            byte[] window = new byte[4000];
            r.nextBytes(window);
            heap.addBitmap(12_000, window);
            mapped.addBitmap(12_000, window); // runs past the end: the bits beyond size are dropped
            assertEquals(heap.count(), mapped.count());
            for (long p = 0; p < size; p++) assertEquals(heap.contains(p), mapped.contains(p), "position " + p);
            byte[] a = new byte[(int) ((size + 7) / 8) + 3];
            byte[] b = new byte[a.length];
            heap.copyBitmap(0, a);
            mapped.copyBitmap(0, b);
            assertArrayEquals(a, b);
        }
    }

    @Test
    void closeDeletesTheFileAndLaterUseIsRefused() throws Exception {
        MappedPositions p = MappedPositions.create(dir, 1_000_000);
        p.add(999_999);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
        p.close();
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
        assertThrows(IllegalStateException.class, () -> p.contains(1));
        p.close(); // twice is fine
    }

    @Test
    void theFactoryKeepsSmallSetsInTheHeap() throws Exception {
        PositionSet.Factory f = MappedPositions.factory(dir, 65_536);
        try (PositionSet small = f.create(65_536); PositionSet large = f.create(65_537)) {
            assertFalse(small instanceof MappedPositions);
            assertInstanceOf(MappedPositions.class, large);
            assertTrue(large.add(65_536));
        }
    }
}
