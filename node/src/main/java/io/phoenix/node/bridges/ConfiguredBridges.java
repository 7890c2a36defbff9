package io.phoenix.node.bridges;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.DagWalkLayout;
import io.phoenix.bridge.RetryingBridge;
import io.phoenix.bridge.Sleeper;
import io.phoenix.bridge.SnapshotLayout;
import io.phoenix.bridge.arweave.ArweaveBridge;
import io.phoenix.bridge.arweave.ArweaveConfig;
import io.phoenix.bridge.arweave.ArweaveWallet;
import io.phoenix.bridge.car.CarBridge;
import io.phoenix.bridge.ipfs.IpfsBridge;
import io.phoenix.bridge.ipfs.IpfsConfig;
import io.phoenix.bridge.pinning.PinningBridge;
import io.phoenix.bridge.pinning.PinningConfig;
import io.phoenix.protocol.spill.WorkDir;
import io.phoenix.node.home.Config;
import io.phoenix.node.home.ConfigException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds bridges from the {@code [bridges.<name>]} sections of {@code config.toml}, each wrapped in a
 * {@link RetryingBridge}. The CLI names a bridge by what it does ({@code ipfs}, {@code pinning},
 * {@code arweave}, {@code car}); the pinning bridge is configured in {@code [bridges.filecoin]} and
 * moves its blocks through the IPFS node of {@code [bridges.ipfs]}. Keys (see docs/bridges.md,
 * "Configuration"): ipfs {@code api}; filecoin {@code endpoint}, {@code token} (else
 * {@code $PHOENIX_PINNING_TOKEN}), {@code name-prefix}; arweave {@code gateway}, {@code wallet}, {@code budget-winston} (0 when
 * absent: every paid push refused), optionally {@code pack-bytes}, {@code inline-bytes},
 * {@code confirmations}, {@code poll-millis}, {@code confirm-timeout-seconds};
 * car {@code path}. Every section also takes {@code auto-push} (boolean: whether the daemon pushes
 * every snapshot it holds there; default true except for car). Relative paths are resolved against
 * the home. Unknown keys are refused.
 */
public final class ConfiguredBridges {
    /** The bridges the CLI can push to, in status order. */
    public static final List<String> NAMES = List.of("ipfs", "pinning", "arweave", "car");

    private final Config config;
    private final Path home;
    private final Map<String, String> env;
    private final String swarm;
    private final SnapshotLayout layout = new DagWalkLayout();

    public ConfiguredBridges(Config config, Path home, Map<String, String> env, String swarm) {
        this.config = config;
        this.home = home;
        this.env = env;
        this.swarm = swarm;
    }

    /** The config section a CLI bridge name is configured in. */
    public static String section(String name) {
        return name.equals("pinning") ? "filecoin" : name;
    }

    /** The CLI bridge names that have a section in the config, in {@link #NAMES} order. */
    public List<String> configured() {
        List<String> out = new ArrayList<>();
        for (String n : NAMES) if (config.bridges().containsKey(section(n))) out.add(n);
        return out;
    }

    /** The layout every bridge walks snapshots with. */
    public SnapshotLayout layout() {
        return layout;
    }

    /**
     * Where bridges and imports spill what grows with a snapshot (a remote's listing, a CAR's or an
     * Arweave index, sorted runs): {@code HOME/tmp}, on the home's disk rather than a {@code /tmp}
     * that may live in memory. Scratch directories are deleted when their operation ends, and those
     * of a killed process by the next one (docs/bridges.md, "Memory").
     */
    public WorkDir workDir() {
        return new WorkDir(home.resolve("tmp"));
    }

    /** The key every section takes: whether the daemon pushes every snapshot it holds to the bridge. */
    public static final String AUTO_PUSH = "auto-push";

    /**
     * Whether the daemon pushes to {@code name} by itself: the section's {@code auto-push}, by default
     * true for ipfs, pinning and arweave and false for car (a full CAR file per snapshot on a tape or
     * disk is an operator's decision).
     */
    public boolean autoPush(String name) throws ConfigException {
        Map<String, Object> s = settings(name);
        Object v = s.get(AUTO_PUSH);
        if (v == null) return !name.equals("car");
        if (!(v instanceof Boolean b)) throw new ConfigException("[bridges." + section(name) + "] " + AUTO_PUSH + " must be true or false");
        return b;
    }

    /** Opens the bridge {@code name} (see {@link #NAMES}) as configured, with retries. */
    public Bridge open(String name) throws ConfigException, IOException {
        return new RetryingBridge(openOnce(name));
    }

    /**
     * Opens the bridge {@code name} without retries: every failure comes back at once (the daemon's
     * push workers schedule their own retries so that the state shows each attempt).
     */
    public Bridge openOnce(String name) throws ConfigException, IOException {
        if (!NAMES.contains(name)) throw new ConfigException("unknown bridge '" + name + "' (bridges are " + String.join(", ", NAMES) + ")");
        Map<String, Object> s = new LinkedHashMap<>(settings(name));
        autoPush(name);
        s.remove(AUTO_PUSH);
        Bridge inner = switch (name) {
            case "ipfs" -> ipfs(s);
            case "pinning" -> {
                allowOnly("filecoin", s, Set.of("endpoint", "token", "name-prefix"));
                PinningConfig pc = PinningConfig.of(uri("filecoin", s, "endpoint"), optional("filecoin", s, "token")).resolveToken(env);
                String prefix = optional("filecoin", s, "name-prefix");
                if (prefix != null) pc = pc.withNamePrefix(prefix);
                if (pc.token() == null || pc.token().isBlank()) {
                    throw new ConfigException("[bridges.filecoin] needs a token: set 'token' or $" + PinningConfig.TOKEN_VARIABLE);
                }
                if (!config.bridges().containsKey("ipfs")) {
                    throw new ConfigException("[bridges.filecoin] moves blocks through an IPFS node: configure [bridges.ipfs] api too");
                }
                Map<String, Object> ipfs = new LinkedHashMap<>(config.bridges().get("ipfs"));
                ipfs.remove(AUTO_PUSH);
                yield new PinningBridge(pc, ipfs(ipfs));
            }
            case "arweave" -> {
                allowOnly("arweave", s, Set.of("gateway", "wallet", "budget-winston", "pack-bytes", "inline-bytes", "confirmations",
                        "poll-millis", "confirm-timeout-seconds"));
                String wallet = optional("arweave", s, "wallet");
                if (wallet == null) throw new ConfigException("[bridges.arweave] needs 'wallet' (path of the JWK key file)");
                BigInteger budget;
                try {
                    budget = s.containsKey("budget-winston") ? new BigInteger(String.valueOf(s.get("budget-winston"))) : BigInteger.ZERO;
                } catch (NumberFormatException e) {
                    throw new ConfigException("[bridges.arweave] budget-winston must be a whole number (winston, as a number or a string)");
                }
                ArweaveConfig ac = ArweaveConfig.of(uri("arweave", s, "gateway"), swarm, budget);
                ac = ac.withPacking((int) number("arweave", s, "pack-bytes", ac.packSize()), (int) number("arweave", s, "inline-bytes", ac.inlineLimit()))
                        .withConfirmation((int) number("arweave", s, "confirmations", ac.confirmations()),
                                Duration.ofMillis(number("arweave", s, "poll-millis", ac.pollInterval().toMillis())),
                                Duration.ofSeconds(number("arweave", s, "confirm-timeout-seconds", ac.confirmTimeout().toSeconds())));
                yield new ArweaveBridge(ac, ArweaveWallet.load(home.resolve(wallet)), layout, Clock.systemUTC(), Sleeper.REAL, workDir());
            }
            case "car" -> {
                allowOnly("car", s, Set.of("path"));
                String path = optional("car", s, "path");
                if (path == null) throw new ConfigException("[bridges.car] needs 'path' (directory for the CAR files)");
                yield new CarBridge(home.resolve(path), layout, workDir());
            }
            default -> throw new IllegalStateException(name);
        };
        return inner;
    }

    private IpfsBridge ipfs(Map<String, Object> s) throws ConfigException {
        allowOnly("ipfs", s, Set.of("api"));
        return new IpfsBridge(IpfsConfig.of(uri("ipfs", s, "api")), layout, workDir());
    }

    private Map<String, Object> settings(String name) throws ConfigException {
        Map<String, Object> s = config.bridges().get(section(name));
        if (s == null) throw new ConfigException("bridge '" + name + "' is not configured: add a [bridges." + section(name) + "] section to config.toml");
        return s;
    }

    private static void allowOnly(String section, Map<String, Object> s, Set<String> keys) throws ConfigException {
        for (String k : s.keySet()) {
            if (!keys.contains(k)) throw new ConfigException("[bridges." + section + "] has unknown key '" + k + "' (allowed: " + String.join(", ", keys.stream().sorted().toList()) + ")");
        }
    }

    private static String optional(String section, Map<String, Object> s, String key) throws ConfigException {
        Object v = s.get(key);
        if (v == null) return null;
        if (!(v instanceof String str)) throw new ConfigException("[bridges." + section + "] " + key + " must be a string");
        return str;
    }

    private static long number(String section, Map<String, Object> s, String key, long otherwise) throws ConfigException {
        Object v = s.get(key);
        if (v == null) return otherwise;
        if (!(v instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
            throw new ConfigException("[bridges." + section + "] " + key + " must be a whole number from 0 to " + Integer.MAX_VALUE);
        }
        return l;
    }

    private static URI uri(String section, Map<String, Object> s, String key) throws ConfigException {
        String v = optional(section, s, key);
        if (v == null) throw new ConfigException("[bridges." + section + "] needs '" + key + "' (an http:// or https:// URL)");
        try {
            URI u = new URI(v);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) throw new URISyntaxException(v, "not http or https");
            return u;
        } catch (URISyntaxException e) {
            throw new ConfigException("[bridges." + section + "] " + key + " is not an http(s) URL: " + v);
        }
    }
}
