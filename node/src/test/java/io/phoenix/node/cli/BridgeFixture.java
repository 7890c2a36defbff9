package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.phoenix.node.demo.DemoDataset;
import io.phoenix.node.demo.TreeDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Shared steps of the bridge end-to-end tests: a snapshotted home, a key-only copy of it, tree comparison. */
final class BridgeFixture {
    final Path dir;
    final Path src;
    final CliHarness origin;
    final String id;
    final long sourceBytes;

    /** A home with a snapshot of a generated tree (DemoDataset at {@code scale}), with {@code bridgeToml} appended to its config. */
    BridgeFixture(Path dir, int scale, String bridgeToml) throws Exception {
        this.dir = dir;
        this.src = dir.resolve("src");
        new DemoDataset(11, scale).generate(src);
        this.origin = new CliHarness(dir.resolve("origin")).init();
        appendConfig(origin.home, bridgeToml);
        CliHarness.Result s = origin.run("snapshot", "--json", "--layer", "mind=" + src.resolve("mind"),
                "--layer", "body=" + src.resolve("body"), "--layer", "spirit=" + src.resolve("spirit"));
        assertEquals(0, s.code(), s.toString());
        this.id = field(s.out(), "id");
        try (Stream<Path> w = Files.walk(src)) {
            this.sourceBytes = w.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void appendConfig(Path home, String toml) throws IOException {
        if (!toml.isEmpty()) Files.writeString(home.resolve("config.toml"), "\n" + toml, StandardOpenOption.APPEND);
    }

    /**
     * A fresh home holding only the origin's keys and config: its store and snapshot history are
     * gone (the disaster the bridges are for).
     */
    CliHarness keysOnlyCopy(String name) throws IOException {
        Path home = dir.resolve(name);
        Files.createDirectories(home);
        Files.copy(origin.home.resolve("config.toml"), home.resolve("config.toml"));
        copyTree(origin.home.resolve("keys"), home.resolve("keys"));
        try (Stream<Path> s = Files.list(home)) {
            assertEquals(List.of("config.toml", "keys"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        return new CliHarness(home);
    }

    void assertRestoredIdentically(Path out) throws IOException {
        for (String l : List.of("mind", "body", "spirit")) assertEquals(List.of(), TreeDiff.compare(src.resolve(l), out.resolve(l)), l);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> w = Files.walk(from)) {
            for (Path p : (Iterable<Path>) w.sorted(Comparator.naturalOrder())::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":\"?([^\",}]*)").matcher(json);
        if (!m.find()) throw new AssertionError("no " + key + " in " + json);
        return m.group(1);
    }

    static String rate(long bytes, long nanos) {
        return String.format("%.1f MB/s (%d bytes in %.2f s)", bytes / 1e6 / (nanos / 1e9), bytes, nanos / 1e9);
    }
}
