package io.phoenix.node.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A small deterministic sample of the three layers for {@code phoenix demo} and the tests: random
 * "weights" (incompressible), text logs and JSON (compressible), symlinks, empty directories and
 * varied modes. The same seed gives the same bytes, names, modes and mtimes.
 */
public final class DemoDataset {
    /** 2024-01-01T00:00:00Z plus a fraction, so nanosecond mtimes are exercised. */
    static final long EPOCH_NANOS = 1_704_067_200_000_000_000L;

    private final SplittableRandom rnd;
    private final int scale;

    /** {@code scale} multiplies file sizes (1 = about 6 MiB in total). */
    public DemoDataset(long seed, int scale) {
        this.rnd = new SplittableRandom(seed);
        this.scale = scale;
    }

    /** Creates {@code root/mind}, {@code root/body}, {@code root/spirit}; returns the three roots in that order. */
    public List<Path> generate(Path root) throws IOException {
        Path mind = root.resolve("mind"), body = root.resolve("body"), spirit = root.resolve("spirit");
        random(mind.resolve("weights/layer-00.bin"), 2 << 20, 0644);
        random(mind.resolve("weights/layer-01.bin"), 1 << 20, 0644);
        text(mind.resolve("knowledge/graph.jsonl"), 400, true);
        text(mind.resolve("history/inference-0001.log"), 300, false);
        Files.createDirectories(mind.resolve("history/pending"));
        symlink(mind.resolve("weights/current.bin"), "layer-01.bin");
        random(body.resolve("runtime/state.bin"), 512 << 10, 0600);
        text(body.resolve("hardware/gpus.json"), 20, true);
        text(body.resolve("sensors/feed.csv"), 600, false);
        script(body.resolve("runtime/start.sh"));
        Files.createDirectories(body.resolve("snapshots/empty"));
        symlink(body.resolve("runtime/config"), "../hardware/gpus.json");
        text(spirit.resolve("valence/scores.jsonl"), 300, true);
        text(spirit.resolve("narrative/thread-001.md"), 200, false);
        text(spirit.resolve("dreams/2024-01-01.log"), 150, false);
        Files.createDirectories(spirit.resolve("alignment/empty"));
        write(spirit.resolve("alignment/empty.txt"), new byte[0], 0640);
        symlink(spirit.resolve("dangling"), "nowhere/at/all");
        stampDirectories(root);
        return List.of(mind, body, spirit);
    }

    /** Changes the dataset like a day of activity: edits, an append, a new file, a deletion. */
    public void change(Path root) throws IOException {
        Path weights = root.resolve("mind/weights/layer-00.bin");
        byte[] w = Files.readAllBytes(weights);
        for (int i = 0; i < 4096; i++) w[(1 << 20) + i] ^= (byte) (1 + rnd.nextInt(255));
        Files.write(weights, w);
        Files.writeString(root.resolve("mind/history/inference-0001.log"),
                line(false, 9999) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        text(root.resolve("mind/history/inference-0002.log"), 120, false);
        random(root.resolve("body/runtime/state.bin"), 512 << 10, 0600);
        Files.delete(root.resolve("spirit/dreams/2024-01-01.log"));
        text(root.resolve("spirit/dreams/2024-01-02.log"), 90, false);
        stampDirectories(root);
    }

    private void random(Path p, int size, int mode) throws IOException {
        byte[] b = new byte[size * scale];
        rnd.nextBytes(b);
        write(p, b, mode);
    }

    private void text(Path p, int lines, boolean json) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines * scale; i++) sb.append(line(json, i)).append('\n');
        write(p, sb.toString().getBytes(StandardCharsets.UTF_8), 0644);
    }

    private void script(Path p) throws IOException {
        write(p, "#!/bin/sh\nexec phoenix-runtime --resume state.bin\n".getBytes(StandardCharsets.UTF_8), 0755);
    }

    private static final String[] WORDS = {"memory", "dream", "valence", "thread", "weight", "signal", "quiet",
        "river", "lantern", "echo", "harbor", "ember", "orbit", "meadow", "cipher", "vault"};

    private String line(boolean json, int i) {
        String a = WORDS[rnd.nextInt(WORDS.length)], b = WORDS[rnd.nextInt(WORDS.length)];
        if (json) {
            return "{\"id\":" + i + ",\"subject\":\"" + a + "\",\"object\":\"" + b + "\",\"score\":"
                    + String.format(Locale.ROOT, "%.4f", rnd.nextDouble()) + "}";
        }
        return String.format(Locale.ROOT, "%06d %s the %s remembers the %s", i, a, b, WORDS[rnd.nextInt(WORDS.length)]);
    }

    private void write(Path p, byte[] data, int mode) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, data);
        Files.setAttribute(p, "unix:mode", mode);
        Files.setLastModifiedTime(p, time());
    }

    private void symlink(Path link, String target) throws IOException {
        Files.createSymbolicLink(link, Path.of(target));
        Files.getFileAttributeView(link, BasicFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).setTimes(time(), null, null);
    }

    private FileTime time() {
        long n = EPOCH_NANOS + rnd.nextLong(86_400_000_000_000L);
        return FileTime.from(Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L));
    }

    private void stampDirectories(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path d : walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                Files.setLastModifiedTime(d, time());
            }
        }
    }
}
