package io.phoenix.node.store.pack;

import io.phoenix.protocol.multiformats.Cid;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Not a test: how long rebuilding the index of a pack store takes, and the heap it needs. Fills a
 * new store in DIR with N distinct random blocks of B bytes, then rebuilds its index and prints the
 * time, the rates and the peak heap of the rebuild (run it with a small -Xmx to see that the heap
 * does not grow with N): {@code IndexRebuildBenchmark DIR [N] [B]} (docs/benchmarks.md).
 */
public final class IndexRebuildBenchmark {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).resolve("rebuild-bench");
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        byte[] b = new byte[size];
        Random rnd = new Random(1);
        long t0 = System.nanoTime();
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            for (int i = 0; i < blocks; i++) {
                rnd.nextBytes(b);
                store.putHashed(Cid.ofRaw(b), b, 0, size);
            }
        }
        double fill = (System.nanoTime() - t0) / 1e9;
        long packBytes = bytes(dir.resolve("packs"));
        long indexBytes = bytes(dir.resolve("index"));
        System.out.printf("filled: %,d blocks of %d B in %.1f s; packs %.1f MiB, index %.1f MiB%n", blocks, size, fill, packBytes / 1048576.0,
                indexBytes / 1048576.0);

        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
        long t1 = System.nanoTime();
        RebuildReport r = IndexRebuild.rebuild(dir, IndexRebuild.Listener.NONE);
        double secs = (System.nanoTime() - t1) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        }
        System.out.printf("rebuilt: %,d entries (%,d indexed, %d damaged) in %.1f s = %,.0f entries/s, %.0f MiB/s of packs; peak heap %.1f MiB (max %.0f MiB)%n",
                r.entries(), r.indexed(), r.damaged(), secs, r.entries() / secs, packBytes / 1048576.0 / secs, peak / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
        try (PackBlockStore store = PackBlockStore.open(dir)) {
            rnd = new Random(1);
            for (int i = 0; i < blocks; i++) {
                rnd.nextBytes(b);
                if (i % 9973 == 0 && !Cid.ofRaw(b).verifies(store.get(Cid.ofRaw(b)))) throw new AssertionError("block " + i);
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static long bytes(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
