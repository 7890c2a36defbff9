package io.phoenix.node.home;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.p2p.Multiaddr;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tuweni.toml.Toml;
import org.apache.tuweni.toml.TomlArray;
import org.apache.tuweni.toml.TomlParseError;
import org.apache.tuweni.toml.TomlParseResult;
import org.apache.tuweni.toml.TomlPosition;
import org.apache.tuweni.toml.TomlTable;

/** Reads config.toml with Tuweni, rejecting unknown keys and bad values with their line and column. */
final class ConfigParser {
    private static final Pattern RATE = Pattern.compile("\\s*(\\d+)\\s*([kKMG]i?B|B|kbit|Mbit|Gbit)?\\s*(/s)?\\s*");

    private final String source;

    ConfigParser(String source) {
        this.source = source;
    }

    Config parse(String text) throws ConfigException {
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            TomlParseError e = toml.errors().get(0);
            throw new ConfigException(at(e.position()) + "invalid TOML: " + e.getMessageWithoutPosition());
        }
        allowOnly(toml, "", Set.of("format", "dataset", "layers", "store", "network", "schedule", "bandwidth", "bridges"));
        Object format = toml.get(List.of("format"));
        if (format == null) throw new ConfigException(source + ": missing key 'format' (this build writes format = " + Config.FORMAT + ")");
        if (!(format instanceof Long f) || f != Config.FORMAT) {
            throw bad(toml, "format", "", "unsupported config format " + format + " (this build reads format = " + Config.FORMAT + ")");
        }
        String dataset = string(toml, "dataset", "");
        if (dataset == null) throw new ConfigException(source + ": missing key 'dataset'");
        if (!dataset.matches(Config.DATASET_PATTERN)) {
            throw bad(toml, "dataset", "", "must be 1-64 letters, digits, '.', '_' or '-' starting with a letter or digit");
        }
        Config d = Config.defaults("x");

        Map<String, List<Path>> layers = new LinkedHashMap<>();
        TomlTable layerTable = table(toml, "layers", "");
        if (layerTable != null) {
            allowOnly(layerTable, "layers.", Set.copyOf(Config.LAYERS));
            for (String layer : layerTable.keySet()) {
                List<Path> paths = new ArrayList<>();
                for (String p : strings(layerTable, layer, "layers.", true)) paths.add(path(layerTable, layer, "layers.", p));
                layers.put(layer, paths);
            }
        }

        Path storePath = d.storePath();
        TomlTable store = table(toml, "store", "");
        if (store != null) {
            allowOnly(store, "store.", Set.of("path"));
            String p = string(store, "path", "store.");
            if (p != null) storePath = path(store, "path", "store.", p);
        }

        List<Multiaddr> listen = d.listen();
        List<Multiaddr> bootstrap = d.bootstrap();
        TomlTable network = table(toml, "network", "");
        if (network != null) {
            allowOnly(network, "network.", Set.of("listen", "bootstrap"));
            if (network.get(List.of("listen")) != null) listen = addresses(network, "listen", false);
            if (network.get(List.of("bootstrap")) != null) bootstrap = addresses(network, "bootstrap", true);
        }

        LocalTime time = d.snapshotTime();
        TomlTable schedule = table(toml, "schedule", "");
        if (schedule != null) {
            allowOnly(schedule, "schedule.", Set.of("daily"));
            Object v = schedule.get(List.of("daily"));
            if (v instanceof LocalTime t) {
                time = t;
            } else if (v instanceof String s) {
                try {
                    time = LocalTime.parse(s);
                } catch (DateTimeParseException e) {
                    throw bad(schedule, "daily", "schedule.", "expected a UTC time like \"02:00\", got \"" + s + "\"");
                }
            } else if (v != null) {
                throw bad(schedule, "daily", "schedule.", "expected a UTC time like \"02:00\"");
            }
        }

        long up = 0;
        long down = 0;
        TomlTable bandwidth = table(toml, "bandwidth", "");
        if (bandwidth != null) {
            allowOnly(bandwidth, "bandwidth.", Set.of("upload", "download"));
            up = rate(bandwidth, "upload");
            down = rate(bandwidth, "download");
        }

        Map<String, Map<String, Object>> bridges = new LinkedHashMap<>();
        TomlTable bridgeTable = table(toml, "bridges", "");
        if (bridgeTable != null) {
            allowOnly(bridgeTable, "bridges.", Set.copyOf(Config.BRIDGES));
            for (String name : bridgeTable.keySet()) {
                TomlTable settings = table(bridgeTable, name, "bridges.");
                Map<String, Object> values = new LinkedHashMap<>();
                for (String key : settings.keySet()) {
                    Object v = settings.get(List.of(key));
                    String full = "bridges." + name + ".";
                    if (v instanceof String || v instanceof Long || v instanceof Boolean) {
                        values.put(key, v);
                    } else if (v instanceof TomlArray) {
                        values.put(key, strings(settings, key, full, false));
                    } else {
                        throw bad(settings, key, full, "expected a string, integer, boolean or array of strings");
                    }
                }
                bridges.put(name, values);
            }
        }
        return new Config(dataset, layers, storePath, listen, bootstrap, time, up, down, bridges);
    }

    private String at(TomlPosition p) {
        return p == null ? source + ": " : source + ":" + p.line() + ":" + p.column() + ": ";
    }

    private ConfigException bad(TomlTable t, String key, String prefix, String message) {
        return new ConfigException(at(t.inputPositionOf(List.of(key))) + "'" + prefix + key + "': " + message);
    }

    private void allowOnly(TomlTable t, String prefix, Set<String> known) throws ConfigException {
        for (String key : t.keySet()) {
            if (!known.contains(key)) {
                throw new ConfigException(at(t.inputPositionOf(List.of(key))) + "unknown key '" + prefix + key + "' (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private TomlTable table(TomlTable t, String key, String prefix) throws ConfigException {
        Object v = t.get(List.of(key));
        if (v == null) return null;
        if (!(v instanceof TomlTable table)) throw bad(t, key, prefix, "expected a table [" + prefix + key + "]");
        return table;
    }

    private String string(TomlTable t, String key, String prefix) throws ConfigException {
        Object v = t.get(List.of(key));
        if (v == null) return null;
        if (!(v instanceof String s)) throw bad(t, key, prefix, "expected a string");
        if (s.isBlank()) throw bad(t, key, prefix, "must not be empty");
        return s;
    }

    private List<String> strings(TomlTable t, String key, String prefix, boolean singleAllowed) throws ConfigException {
        Object v = t.get(List.of(key));
        List<String> out = new ArrayList<>();
        if (singleAllowed && v instanceof String s) {
            out.add(s);
        } else if (v instanceof TomlArray a) {
            for (int i = 0; i < a.size(); i++) {
                if (!(a.get(i) instanceof String s)) {
                    throw new ConfigException(at(a.inputPositionOf(i)) + "'" + prefix + key + "' element " + (i + 1) + ": expected a string");
                }
                out.add(s);
            }
        } else {
            throw bad(t, key, prefix, singleAllowed ? "expected a string or an array of strings" : "expected an array of strings");
        }
        for (String s : out) if (s.isBlank()) throw bad(t, key, prefix, "contains an empty string");
        return out;
    }

    private Path path(TomlTable t, String key, String prefix, String p) throws ConfigException {
        try {
            return Path.of(p);
        } catch (InvalidPathException e) {
            throw bad(t, key, prefix, "invalid path \"" + p + "\": " + e.getMessage());
        }
    }

    private List<Multiaddr> addresses(TomlTable network, String key, boolean needPeerId) throws ConfigException {
        TomlArray a = network.get(List.of(key)) instanceof TomlArray arr ? arr : null;
        if (a == null) throw bad(network, key, "network.", "expected an array of multiaddrs");
        List<Multiaddr> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String where = at(a.inputPositionOf(i)) + "'network." + key + "' element " + (i + 1) + ": ";
            if (!(a.get(i) instanceof String s)) throw new ConfigException(where + "expected a multiaddr string");
            try {
                Multiaddr m = Multiaddr.parse(s);
                if (needPeerId && m.peerId() == null) throw new ConfigException(where + "bootstrap address needs a /p2p/<peer id>: " + s);
                out.add(m);
            } catch (FormatException e) {
                throw new ConfigException(where + e.getMessage());
            }
        }
        return out;
    }

    private long rate(TomlTable t, String key) throws ConfigException {
        Object v = t.get(List.of(key));
        if (v == null) return 0;
        if (v instanceof Long n) {
            if (n < 0) throw bad(t, key, "bandwidth.", "cannot be negative");
            return n;
        }
        if (v instanceof String s) {
            Long r = parseRate(s);
            if (r != null) return r;
        }
        throw bad(t, key, "bandwidth.", "expected bytes per second as an integer or a string like \"10MiB/s\", \"500kbit/s\" (0 = unlimited), got " + v);
    }

    /** Bytes per second for "10MiB/s", "500 KB", "2Mbit/s", "0"; null when unparseable or overflowing. */
    static Long parseRate(String s) {
        Matcher m = RATE.matcher(s);
        if (!m.matches()) return null;
        long n = Long.parseLong(m.group(1).length() > 18 ? "-1" : m.group(1));
        if (n < 0) return null;
        String unit = m.group(2) == null ? "B" : m.group(2);
        long mult = switch (unit.toLowerCase(Locale.ROOT)) {
            case "b" -> 1;
            case "kb" -> 1_000;
            case "kib" -> 1L << 10;
            case "mb" -> 1_000_000;
            case "mib" -> 1L << 20;
            case "gb" -> 1_000_000_000;
            case "gib" -> 1L << 30;
            case "kbit" -> 125;
            case "mbit" -> 125_000;
            case "gbit" -> 125_000_000;
            default -> throw new IllegalStateException("unit " + unit);
        };
        try {
            return Math.multiplyExact(n, mult);
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
