package io.phoenix.node.home;

import io.phoenix.protocol.p2p.Multiaddr;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a {@link Config} as commented TOML that {@link ConfigParser} reads back unchanged. */
final class ConfigFormatter {
    private ConfigFormatter() {}

    static String format(Config c) {
        StringBuilder out = new StringBuilder();
        out.append("# Phoenix node configuration. Reference: docs/operations.md\n");
        out.append("format = ").append(Config.FORMAT).append('\n');
        out.append("dataset = ").append(quote(c.dataset())).append("\n\n");

        out.append("# Source directories per layer (mind, body, spirit); a layer may list several paths.\n");
        out.append("[layers]\n");
        c.layers().forEach((layer, paths) -> out.append(layer).append(" = ")
                .append(array(paths.stream().map(Path::toString).toList())).append('\n'));
        out.append('\n');

        out.append("[store]\n");
        out.append("# Block store directory; relative to the home directory unless absolute.\n");
        out.append("path = ").append(quote(c.storePath().toString())).append("\n\n");

        out.append("[network]\n");
        out.append("listen = ").append(array(c.listen().stream().map(Multiaddr::toString).toList())).append('\n');
        out.append("# Peers dialled at start: /ip4/…/tcp/…/p2p/12D3KooW…\n");
        out.append("bootstrap = ").append(array(c.bootstrap().stream().map(Multiaddr::toString).toList())).append("\n\n");

        out.append("[schedule]\n");
        out.append("# Daily snapshot time, UTC.\n");
        LocalTime t = c.snapshotTime().withNano(0);
        String time = t.getSecond() == 0 ? String.format("%02d:%02d", t.getHour(), t.getMinute()) : t.toString();
        out.append("daily = ").append(quote(time)).append("\n\n");

        out.append("[bandwidth]\n");
        out.append("# Bytes per second (or \"10MiB/s\", \"500kbit/s\"); 0 = unlimited.\n");
        out.append("upload = ").append(c.uploadBytesPerSecond()).append('\n');
        out.append("download = ").append(c.downloadBytesPerSecond()).append('\n');

        for (Map.Entry<String, Map<String, Object>> bridge : c.bridges().entrySet()) {
            out.append("\n[bridges.").append(bridge.getKey()).append("]\n");
            bridge.getValue().forEach((key, value) -> out.append(bareOrQuotedKey(key)).append(" = ").append(value(value)).append('\n'));
        }
        return out.toString();
    }

    private static String value(Object v) {
        if (v instanceof String s) return quote(s);
        if (v instanceof Long || v instanceof Integer || v instanceof Boolean) return v.toString();
        if (v instanceof List<?> l) return array(l.stream().map(Object::toString).toList());
        throw new IllegalArgumentException("bridge setting of unsupported type " + v.getClass().getName());
    }

    private static String array(List<String> items) {
        return items.stream().map(ConfigFormatter::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String bareOrQuotedKey(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : quote(key);
    }

    /** A TOML basic string. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) b.append(String.format("\\u%04X", (int) ch));
                    else b.append(ch);
                }
            }
        }
        return b.append('"').toString();
    }
}
