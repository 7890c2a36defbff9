package io.phoenix.node.store.pack;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Not a test: put throughput of the pack store for 1 MiB blocks, including the final flush.
 * Run it as docs/operations.md shows: {@code StorePutBenchmark DIR [MiB] [threads]}.
 */
public final class StorePutBenchmark {
    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        byte[][] data = new byte[64][];
        Random rnd = new Random(1);
        for (int i = 0; i < data.length; i++) {
            data[i] = new byte[1 << 20];
            rnd.nextBytes(data[i]);
        }
        for (int round = 0; round < 2; round++) {
            Path dir = base.resolve("packs-" + round);
            long t0 = System.nanoTime();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            try (PackBlockStore store = PackBlockStore.open(dir)) {
                int r = round;
                List<Thread> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    workers.add(Thread.ofPlatform().start(() -> {
                        try {
                            for (int i = first; i < blocks; i += threads) {
                                byte[] b = data[i % data.length].clone();
                                b[0] = (byte) i; // distinct blocks
                                b[1] = (byte) (i >> 8);
                                b[2] = (byte) (i >> 16);
                                b[3] = (byte) r;
                                store.put(Cid.ofRaw(b), b);
                            }
                        } catch (IOException | RuntimeException | Error e) {
                            failure.compareAndSet(null, e);
                        }
                    }));
                }
                for (Thread w : workers) w.join();
                if (failure.get() != null) throw new IllegalStateException("a writer failed", failure.get());
                store.flush();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("packs %d thread(s) round %d: %d x 1 MiB in %.2f s = %.0f MiB/s (incl. SHA-256 of each block)%n", threads, round, blocks, s, blocks / s);
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
