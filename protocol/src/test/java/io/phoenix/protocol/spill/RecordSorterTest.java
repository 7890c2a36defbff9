package io.phoenix.protocol.spill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordSorterTest {
    @TempDir
    Path dir;

    /** A 12-byte record: an 8-byte key (big-endian, so byte order is number order for non-negative keys) and the order it was added in. */
    static byte[] record(long key, int seq) {
        return ByteBuffer.allocate(12).putLong(key).putInt(seq).array();
    }

    /** Sorts {@code n} records with keys below {@code keys} through a buffer of {@code bufferRecords}; checks against a TreeMap (first added wins). */
    void sortsLikeATreeMap(int n, int keys, int bufferRecords, int minRuns) throws Exception {
        SplittableRandom random = new SplittableRandom(n * 31L + keys);
        TreeMap<Long, Integer> expected = new TreeMap<>();
        Path runs = Files.createDirectories(dir.resolve("runs-" + n + "-" + bufferRecords));
        try (RecordSorter sorter = new RecordSorter(runs, 12, 8, bufferRecords * 12)) {
            for (int i = 0; i < n; i++) {
                long key = random.nextInt(keys);
                expected.putIfAbsent(key, i);
                sorter.add(record(key, i));
            }
            assertEquals(n, sorter.added());
            SortedRecords sorted = sorter.finish(dir.resolve("sorted-" + n + "-" + bufferRecords));
            assertTrue(sorter.runs() >= minRuns, sorter.runs() + " runs");
            try (Stream<Path> left = Files.list(runs)) {
                assertEquals(0, left.count(), "runs left behind");
            }
            assertEquals(expected.size(), sorted.count());
            byte[] r = new byte[12];
            long i = 0;
            for (Map.Entry<Long, Integer> e : expected.entrySet()) {
                sorted.read(i++, r);
                assertArrayEquals(record(e.getKey(), e.getValue()), r);
            }
        }
    }

    @Test
    void sortsInMemoryKeepingTheFirstOfEachKey() throws Exception {
        sortsLikeATreeMap(5_000, 2_000, 10_000, 0);
    }

    @Test
    void spillsRunsAndMergesThemKeepingTheFirstOfEachKey() throws Exception {
        sortsLikeATreeMap(5_000, 2_000, 500, 10);
    }

    @Test
    void moreRunsThanTheFanInAreMergedInLevels() throws Exception {
        sortsLikeATreeMap(3_000, 100_000, 16, RecordSorter.FAN_IN * 2);
    }

    @Test
    void drainStreamsWhatFinishWouldWriteThroughEveryMergeLevel() throws Exception {
        for (int bufferRecords : new int[] {10_000, 100, 16}) { // in memory, one merge, merges in levels
            SplittableRandom random = new SplittableRandom(bufferRecords);
            TreeMap<Long, Integer> expected = new TreeMap<>();
            Path runs = dir.resolve("drain-" + bufferRecords);
            try (RecordSorter sorter = new RecordSorter(runs, 12, 8, bufferRecords * 12)) {
                for (int i = 0; i < 3_000; i++) {
                    long key = random.nextInt(2_500);
                    expected.putIfAbsent(key, i);
                    sorter.add(record(key, i));
                }
                List<byte[]> drained = new ArrayList<>();
                assertEquals(expected.size(), sorter.drain(r -> drained.add(r.clone())));
                assertEquals(expected.size(), drained.size());
                int i = 0;
                for (Map.Entry<Long, Integer> e : expected.entrySet()) assertArrayEquals(record(e.getKey(), e.getValue()), drained.get(i++));
                assertThrows(IllegalStateException.class, () -> sorter.drain(r -> {}));
                assertThrows(IllegalStateException.class, () -> sorter.finish(dir.resolve("again")));
                if (bufferRecords == 10_000) {
                    assertFalse(Files.exists(runs), "nothing spilled, no directory");
                } else {
                    try (Stream<Path> left = Files.list(runs)) {
                        assertEquals(0, left.count(), "runs deleted once drained");
                    }
                }
            }
        }
    }

    @Test
    void emptyInputGivesAnEmptyFile() throws Exception {
        try (RecordSorter sorter = new RecordSorter(dir, 12, 8, 1 << 10)) {
            SortedRecords sorted = sorter.finish(dir.resolve("empty"));
            assertEquals(0, sorted.count());
            assertEquals(-1, sorted.find(record(1, 0)));
            assertEquals(-1, sorted.cursor().find(record(1, 0)));
        }
    }

    @Test
    void theBufferIsAllocatedOnceAndDoesNotGrow() throws Exception {
        // what the sorter holds is fixed when it is made: records beyond the buffer go to runs on disk
        try (RecordSorter sorter = new RecordSorter(dir, 12, 8, 120)) {
            for (int i = 0; i < 1_000; i++) sorter.add(record(i % 97, i));
            assertEquals(99, sorter.runs()); // 10 records a run
            assertEquals(97, sorter.finish(dir.resolve("out")).count());
        }
    }

    @Test
    void misuseIsRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new RecordSorter(dir, 12, 13, 1 << 10));
        try (RecordSorter sorter = new RecordSorter(dir, 12, 8, 1 << 10)) {
            assertThrows(IllegalArgumentException.class, () -> sorter.add(new byte[11]));
            sorter.finish(dir.resolve("done"));
            assertThrows(IllegalStateException.class, () -> sorter.add(record(1, 1)));
            assertThrows(IllegalStateException.class, () -> sorter.finish(dir.resolve("again")));
        }
    }

    @Test
    void finishReplacesAnOlderResultWithoutBreakingItsMapping() throws Exception {
        Path target = dir.resolve("target");
        SortedRecords old;
        try (RecordSorter sorter = new RecordSorter(dir, 12, 8, 1 << 10)) {
            for (int i = 0; i < 10; i++) sorter.add(record(i, i));
            old = sorter.finish(target);
        }
        try (RecordSorter sorter = new RecordSorter(dir, 12, 8, 1 << 10)) {
            sorter.add(record(42, 0));
            assertEquals(1, sorter.finish(target).count());
        }
        byte[] r = new byte[12];
        old.read(9, r); // the old mapping still reads the old file
        assertArrayEquals(record(9, 9), r);
    }
}
