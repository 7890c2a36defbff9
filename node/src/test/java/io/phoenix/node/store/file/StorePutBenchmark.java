package io.phoenix.node.store.file;

import io.phoenix.protocol.multiformats.Cid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Not a test: put throughput of 1 MiB blocks per {@link Durability}, including the final flush.
 * Run: {@code java -cp node/target/classes:node/target/test-classes:protocol/target/classes
 * io.phoenix.node.store.file.StorePutBenchmark DIR [MiB] [threads]} (see docs/operations.md).
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
            for (Durability d : Durability.values()) {
                Path dir = base.resolve(d.name().toLowerCase() + "-" + round);
                long t0 = System.nanoTime();
                try (FileBlockStore store = FileBlockStore.open(dir, FileStoreOptions.DEFAULTS.withDurability(d))) {
                    int r = round;
                    java.util.List<Thread> workers = new java.util.ArrayList<>();
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
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }));
                    }
                    for (Thread w : workers) w.join();
                    store.flush();
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%-8s %d thread(s) round %d: %d x 1 MiB in %.2f s = %.0f MiB/s (incl. SHA-256 of each block)%n", d, threads, round, blocks, s, blocks / s);
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
