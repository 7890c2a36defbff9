package io.phoenix.testnet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.SplittableRandom;

/**
 * A deterministic tree of many small files in the writer's three layers: the Java counterpart of
 * {@code bench/gen-small-files.sh} (same shape, not the same bytes). Each file is 200–600 bytes of
 * JSON lines (episodic logs and sensor readings: compressible, distinct per file), 1,000 files per
 * directory ({@code data/<layer>/NNNN/NNNNNN.json}); directories go to {@code mind}, {@code body}
 * and {@code spirit} in the proportions 5:3:2. Same (count, seed): same names, bytes and mtimes.
 */
final class SmallFileTree {
    static final int PER_DIRECTORY = 1_000;
    private static final long EPOCH_SECONDS = 1_704_067_200L; // 2024-01-01T00:00:00Z
    private static final String[] KINDS = {"episode", "sensor", "dream", "valence", "heartbeat"};

    private SmallFileTree() {}

    /** Writes {@code count} files under {@code data/{mind,body,spirit}}; returns their total size in bytes. */
    static long generate(Path data, int count, long seed) throws IOException {
        long total = 0;
        Path dir = null;
        StringBuilder text = new StringBuilder(1024);
        for (int i = 0; i < count; i++) {
            int d = i / PER_DIRECTORY;
            if (i % PER_DIRECTORY == 0) {
                dir = data.resolve(layerOf(d)).resolve(String.format("%04d", d));
                Files.createDirectories(dir);
            }
            byte[] bytes = content(seed, i, text);
            Path file = dir.resolve(String.format("%06d.json", i));
            Files.write(file, bytes);
            Files.setLastModifiedTime(file, FileTime.fromMillis((EPOCH_SECONDS + i) * 1000));
            total += bytes.length;
        }
        return total;
    }

    /** Directory {@code d}'s layer: of every ten directories five are mind, three body, two spirit. */
    static String layerOf(int d) {
        int r = d % 10;
        return r < 5 ? "mind" : r < 8 ? "body" : "spirit";
    }

    static byte[] content(long seed, int i, StringBuilder text) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        int size = 200 + r.nextInt(401);
        text.setLength(0);
        long t = r.nextLong(10_000_000);
        while (text.length() < size) {
            text.append("{\"t\":").append(t).append(",\"kind\":\"").append(KINDS[r.nextInt(KINDS.length)]).append("\",\"id\":\"")
                    .append(Long.toHexString(r.nextLong() | 1L << 47), 0, 12).append("\",\"v\":0.").append(1000 + r.nextInt(9000))
                    .append(",\"ok\":").append(r.nextInt(10) < 9).append("}\n");
            t += 1 + r.nextInt(1000);
        }
        text.setLength(size);
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
