package io.phoenix.node.home;

import io.phoenix.protocol.p2p.Multiaddr;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's {@code config.toml} (format 1). See docs/operations.md for every key.
 *
 * @param dataset name of the dataset this node snapshots (letters, digits, {@code . _ -})
 * @param layers layer name ({@code mind}, {@code body}, {@code spirit}) to its source paths, in
 *     that order; a layer may be absent or have several paths
 * @param storePath block store directory; relative paths are relative to the home directory
 * @param listen addresses the node listens on
 * @param bootstrap peers dialled at start (each with a {@code /p2p/} peer id)
 * @param snapshotTime daily snapshot time, UTC
 * @param uploadBytesPerSecond upload limit, 0 = unlimited
 * @param downloadBytesPerSecond download limit, 0 = unlimited
 * @param bridges bridge name ({@code ipfs}, {@code filecoin}, {@code arweave}, {@code car},
 *     {@code s3}) to its settings (String, Long, Boolean or List of String values), validated by the
 *     bridge itself
 */
public record Config(
        String dataset,
        Map<String, List<Path>> layers,
        Path storePath,
        List<Multiaddr> listen,
        List<Multiaddr> bootstrap,
        LocalTime snapshotTime,
        long uploadBytesPerSecond,
        long downloadBytesPerSecond,
        Map<String, Map<String, Object>> bridges) {

    /** The layer names, in snapshot and restore priority order. */
    public static final List<String> LAYERS = List.of("mind", "body", "spirit");
    /** The bridge sections a config may have. */
    public static final List<String> BRIDGES = List.of("ipfs", "filecoin", "arweave", "car", "s3");
    public static final int FORMAT = 1;
    /** What a dataset name may look like. */
    public static final String DATASET_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    public static final LocalTime DEFAULT_SNAPSHOT_TIME = LocalTime.of(2, 0);
    public static final String DEFAULT_LISTEN = "/ip4/0.0.0.0/tcp/4001";

    public Config {
        if (dataset == null || !dataset.matches(DATASET_PATTERN)) {
            throw new IllegalArgumentException("dataset name must be 1-64 letters, digits, '.', '_' or '-' starting with a letter or digit: " + dataset);
        }
        Map<String, List<Path>> ordered = new LinkedHashMap<>();
        for (String layer : LAYERS) {
            List<Path> paths = layers.get(layer);
            if (paths != null && !paths.isEmpty()) ordered.put(layer, List.copyOf(paths));
        }
        for (String layer : layers.keySet()) {
            if (!LAYERS.contains(layer)) throw new IllegalArgumentException("unknown layer '" + layer + "' (layers are " + LAYERS + ")");
        }
        layers = Collections.unmodifiableMap(ordered);
        if (storePath == null) throw new IllegalArgumentException("store path is required");
        listen = List.copyOf(listen);
        bootstrap = List.copyOf(bootstrap);
        for (Multiaddr peer : bootstrap) {
            if (peer.peerId() == null) throw new IllegalArgumentException("bootstrap address needs a /p2p/ peer id: " + peer);
        }
        if (snapshotTime == null) throw new IllegalArgumentException("snapshot time is required");
        if (uploadBytesPerSecond < 0 || downloadBytesPerSecond < 0) throw new IllegalArgumentException("bandwidth limits cannot be negative");
        Map<String, Map<String, Object>> b = new LinkedHashMap<>();
        bridges.forEach((name, settings) -> {
            if (!BRIDGES.contains(name)) throw new IllegalArgumentException("unknown bridge '" + name + "' (bridges are " + BRIDGES + ")");
            b.put(name, Collections.unmodifiableMap(new LinkedHashMap<>(settings)));
        });
        bridges = Collections.unmodifiableMap(b);
    }

    /** A fresh node's configuration: no layers, store in {@code store/}, default listen address, 02:00 UTC, no limits. */
    public static Config defaults(String dataset) {
        return new Config(dataset, Map.of(), Path.of("store"), List.of(Multiaddr.parse(DEFAULT_LISTEN)), List.of(),
                DEFAULT_SNAPSHOT_TIME, 0, 0, Map.of());
    }

    /** Parses TOML text; {@code source} names it in errors (e.g. the file path). */
    public static Config parse(String toml, String source) throws ConfigException {
        return new ConfigParser(source).parse(toml);
    }

    public static Config read(Path file) throws IOException, ConfigException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** The TOML text {@link #parse} reads back to an equal config. */
    public String toToml() {
        return ConfigFormatter.format(this);
    }

    /** Writes the file atomically (temp file, fsync, rename). */
    public void write(Path file) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, toToml(), StandardCharsets.UTF_8);
        try (var ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The store directory, resolved against {@code home} when relative. */
    public Path storeDirectory(Path home) {
        return home.resolve(storePath).normalize();
    }

    public Config withLayers(Map<String, List<Path>> newLayers) {
        return new Config(dataset, newLayers, storePath, listen, bootstrap, snapshotTime, uploadBytesPerSecond, downloadBytesPerSecond, bridges);
    }

    public Config withStorePath(Path path) {
        return new Config(dataset, layers, path, listen, bootstrap, snapshotTime, uploadBytesPerSecond, downloadBytesPerSecond, bridges);
    }

    public Config withListen(List<Multiaddr> addresses) {
        return new Config(dataset, layers, storePath, addresses, bootstrap, snapshotTime, uploadBytesPerSecond, downloadBytesPerSecond, bridges);
    }

    public Config withBootstrap(List<Multiaddr> peers) {
        return new Config(dataset, layers, storePath, listen, peers, snapshotTime, uploadBytesPerSecond, downloadBytesPerSecond, bridges);
    }
}
