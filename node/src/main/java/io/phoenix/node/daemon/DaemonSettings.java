package io.phoenix.node.daemon;

import io.phoenix.node.home.Config;
import io.phoenix.protocol.exchange.ExchangeOptions;
import io.phoenix.protocol.exchange.FetchConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.toml.Toml;
import org.apache.tuweni.toml.TomlParseResult;

/**
 * The daemon's own settings, {@code <home>/daemon.toml} (optional; every key has a default, see
 * docs/daemon.md). Kept apart from config.toml, which the store module owns and validates strictly.
 *
 * @param swarmFile the swarm definition (relative to the home)
 * @param controlPort TCP port of the control API on 127.0.0.1, 0 = any free port
 * @param antiEntropyInterval how often heads are exchanged with every connected peer
 * @param anomalyBytes change volume since the last snapshot (bytes of files modified since) that
 *     triggers an extra snapshot; 0 = off
 * @param anomalyCheck how often the change volume is measured
 * @param scheduleEnabled whether the daily snapshot runs (writers only)
 * @param badBlocks test hook: serve corrupted blocks (testnet {@code bad-peer} only)
 * @param uploadPerPeer block exchange upload limit towards any one peer, bytes per second, 0 = none
 *     (the node-wide limits are config.toml's {@code [bandwidth]})
 * @param downloadPerPeer block exchange download limit from any one peer, bytes per second, 0 = none
 */
public record DaemonSettings(Path swarmFile, int controlPort, Duration antiEntropyInterval, long anomalyBytes,
                             Duration anomalyCheck, boolean scheduleEnabled, boolean badBlocks,
                             long uploadPerPeer, long downloadPerPeer) {
    public static final String FILE = "daemon.toml";
    static final Set<String> KEYS = Set.of("swarm_file", "control_port", "anti_entropy_seconds", "anomaly_bytes",
            "anomaly_check_seconds", "schedule", "testing_serve_corrupt_blocks", "upload_per_peer", "download_per_peer");

    /** Without per-peer bandwidth limits. */
    public DaemonSettings(Path swarmFile, int controlPort, Duration antiEntropyInterval, long anomalyBytes,
                          Duration anomalyCheck, boolean scheduleEnabled, boolean badBlocks) {
        this(swarmFile, controlPort, antiEntropyInterval, anomalyBytes, anomalyCheck, scheduleEnabled, badBlocks, 0, 0);
    }

    public static DaemonSettings defaults() {
        return new DaemonSettings(Path.of("swarm.toml"), 0, Duration.ofSeconds(30), 0, Duration.ofMinutes(5), true, false);
    }

    public static DaemonSettings read(Path home) throws IOException {
        Path f = home.resolve(FILE);
        if (!Files.exists(f)) return defaults();
        TomlParseResult t = Toml.parse(Files.readString(f, StandardCharsets.UTF_8));
        if (t.hasErrors()) throw new IOException(f + ": invalid TOML: " + t.errors().get(0));
        for (String k : t.keySet()) {
            if (!KEYS.contains(k)) throw new IOException(f + ": unknown key '" + k + "' (known: " + List.copyOf(KEYS) + ")");
        }
        DaemonSettings d = defaults();
        try {
            return new DaemonSettings(
                    t.contains("swarm_file") ? Path.of(t.getString("swarm_file")) : d.swarmFile(),
                    t.contains("control_port") ? Math.toIntExact(t.getLong("control_port")) : d.controlPort(),
                    t.contains("anti_entropy_seconds") ? Duration.ofSeconds(t.getLong("anti_entropy_seconds")) : d.antiEntropyInterval(),
                    t.contains("anomaly_bytes") ? t.getLong("anomaly_bytes") : d.anomalyBytes(),
                    t.contains("anomaly_check_seconds") ? Duration.ofSeconds(t.getLong("anomaly_check_seconds")) : d.anomalyCheck(),
                    t.contains("schedule") ? t.getBoolean("schedule") : d.scheduleEnabled(),
                    t.contains("testing_serve_corrupt_blocks") && t.getBoolean("testing_serve_corrupt_blocks"),
                    t.contains("upload_per_peer") ? t.getLong("upload_per_peer") : d.uploadPerPeer(),
                    t.contains("download_per_peer") ? t.getLong("download_per_peer") : d.downloadPerPeer());
        } catch (RuntimeException e) {
            throw new IOException(f + ": " + e.getMessage(), e);
        }
    }

    public DaemonSettings {
        if (controlPort < 0 || controlPort > 65535) throw new IllegalArgumentException("control_port must be 0..65535");
        if (anomalyBytes < 0) throw new IllegalArgumentException("anomaly_bytes cannot be negative");
        if (uploadPerPeer < 0) throw new IllegalArgumentException("upload_per_peer cannot be negative");
        if (downloadPerPeer < 0) throw new IllegalArgumentException("download_per_peer cannot be negative");
        if (antiEntropyInterval.isNegative() || antiEntropyInterval.isZero()) throw new IllegalArgumentException("anti_entropy_seconds must be positive");
    }

    /** Token-bucket depth of every bandwidth limit of the block exchange. */
    static final long EXCHANGE_BURST_BYTES = 256 * 1024;

    /**
     * The block exchange's limits: node-wide from config.toml's {@code [bandwidth]}, per peer from
     * these settings, and the node's fetch tuning ({@link FetchConfig#node()}).
     */
    public ExchangeOptions exchangeOptions(Config config) {
        return new ExchangeOptions(config.uploadBytesPerSecond(), uploadPerPeer, config.downloadBytesPerSecond(), downloadPerPeer,
                EXCHANGE_BURST_BYTES, FetchConfig.node());
    }

    public String toToml() {
        return "swarm_file = \"" + swarmFile + "\"\ncontrol_port = " + controlPort + "\nanti_entropy_seconds = "
                + antiEntropyInterval.toSeconds() + "\nanomaly_bytes = " + anomalyBytes + "\nanomaly_check_seconds = "
                + anomalyCheck.toSeconds() + "\nschedule = " + scheduleEnabled + "\n"
                + (badBlocks ? "testing_serve_corrupt_blocks = true\n" : "")
                + (uploadPerPeer > 0 ? "upload_per_peer = " + uploadPerPeer + "\n" : "")
                + (downloadPerPeer > 0 ? "download_per_peer = " + downloadPerPeer + "\n" : "");
    }
}
