package io.phoenix.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link GcLog} on lines JDK 25 printed, and {@link SmallFilesScenario#stormOf} on a healthy and a storming node. */
class GcLogTest {
    private static final List<String> HEALTHY = List.of(
            "[0.008s][info][gc,init] CardTable entry size: 512",
            "[0.008s][info][gc     ] Using Serial",
            "[0.008s][info][gc,init] Heap Initial Capacity: 192M",
            "[0.008s][info][gc,init] Heap Max Capacity: 192M",
            "[7.632s][info][gc     ] GC(0) Pause Young (Allocation Failure) 52M->8M(185M) 308.225ms",
            "[18.513s][info][gc     ] GC(1) Pause Young (Allocation Failure) 59M->14M(185M) 152.260ms",
            "[40.100s][info][gc     ] GC(2) Pause Full (Allocation Failure) 150M->31M(185M) 95.500ms",
            "[61.949s][info][gc     ] GC(3) Pause Full (Diagnostic Command) 44M->20M(185M) 120.639ms");

    @Test
    void readsTheMaximumAndEveryPause() {
        GcLog g = GcLog.parse(HEALTHY);
        assertEquals(192L << 20, g.maxHeapBytes());
        assertEquals(4, g.pauses().size());
        assertEquals(61.949, g.uptimeSeconds(), 1e-9);
        GcLog.Pause young = g.pauses().get(0);
        assertEquals("Young", young.kind());
        assertEquals("(Allocation Failure)", young.cause());
        assertEquals(52L << 20, young.beforeBytes());
        assertEquals(8L << 20, young.afterBytes());
        assertEquals(185L << 20, young.capacityBytes());
        assertEquals(308.225, young.millis(), 1e-9);
        assertTrue(g.pauses().get(3).requested());
        assertFalse(g.pauses().get(2).requested());
        assertEquals(1, g.forcedFullCollections());
        assertEquals((308.225 + 152.260 + 95.5) / 1000, g.pauseSeconds(), 1e-9); // the requested one left out
        assertEquals(0.0955, g.forcedFullPauseSeconds(), 1e-9);
        assertEquals(31L << 20, g.maxAfterForcedFull().getAsLong());
        assertEquals(20L << 20, g.afterLastRequestedFull().getAsLong());
        assertEquals(31L << 20, g.maxAfter().getAsLong());
        assertNull(SmallFilesScenario.stormOf(g));
    }

    @Test
    void readsParallelAndG1Lines() {
        GcLog g = GcLog.parse(List.of(
                "[0.013s][info][gc,init] Heap Max Capacity: 2G",
                "[5.065s][info][gc     ] GC(5) Pause Young (Allocation Failure) 124M->89M(166M) 58.423ms",
                "[5.171s][info][gc     ] GC(6) Pause Full (System.gc()) 117M->50M(166M) 98.955ms",
                "[9.001s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 1024K->512K(8192K) 1.250ms",
                "[9.5s][info][gc] GC(8) Pause Remark 30M->30M(64M) 2.000ms"));
        assertEquals(2L << 30, g.maxHeapBytes());
        assertEquals(4, g.pauses().size());
        assertTrue(g.pauses().get(1).requested());
        assertEquals("(Normal) (G1 Evacuation Pause)", g.pauses().get(2).cause());
        assertEquals(512L << 10, g.pauses().get(2).afterBytes());
        assertEquals("Remark", g.pauses().get(3).kind());
        assertEquals(0, g.forcedFullCollections());
        assertTrue(g.maxAfterForcedFull().isEmpty());
    }

    @Test
    void aLogWithoutTheMaximumIsNotTakenForTheLaunchersHeap() {
        GcLog g = GcLog.parse(List.of("[1.0s][info][gc] GC(0) Pause Young (Allocation Failure) 52M->8M(185M) 3.0ms"));
        assertEquals(-1, g.maxHeapBytes());
        assertNotNull(SmallFilesScenario.stormOf(g));
    }

    @Test
    void anotherHeapIsReported() {
        GcLog g = GcLog.parse(List.of("[0.008s][info][gc,init] Heap Max Capacity: 6024M"));
        assertTrue(SmallFilesScenario.stormOf(g).contains("6024 MiB"), SmallFilesScenario.stormOf(g));
    }

    /** What the node with 192 MiB did before the memory work: full collections back to back, each freeing little. */
    @Test
    void fullCollectionsThatLeaveTheHeapFullAreAStorm() {
        GcLog g = GcLog.parse(List.of(
                "[0.008s][info][gc,init] Heap Max Capacity: 192M",
                "[30.000s][info][gc] GC(40) Pause Full (Allocation Failure) 191M->171M(191M) 410.000ms",
                "[30.500s][info][gc] GC(41) Pause Full (Allocation Failure) 191M->174M(191M) 420.000ms",
                "[31.000s][info][gc] GC(42) Pause Full (Allocation Failure) 191M->176M(191M) 430.000ms"));
        String storm = SmallFilesScenario.stormOf(g);
        assertNotNull(storm);
        assertTrue(storm.contains("176 MiB of 192 MiB"), storm);
    }

    /** Full collections that free most of the heap but take much of the run still count (a live set just under half). */
    @Test
    void fullCollectionsTakingAFifthOfTheRunAreAStorm() {
        GcLog g = GcLog.parse(List.of(
                "[0.008s][info][gc,init] Heap Max Capacity: 192M",
                "[4.000s][info][gc] GC(1) Pause Full (Allocation Failure) 190M->90M(191M) 1200.000ms",
                "[9.000s][info][gc] GC(2) Pause Full (Allocation Failure) 190M->90M(191M) 1200.000ms"));
        String storm = SmallFilesScenario.stormOf(g);
        assertNotNull(storm);
        assertTrue(storm.contains("2 full collections took 2.4 s of 9.0 s"), storm);
    }
}
