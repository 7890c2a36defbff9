package io.phoenix.node.cli;

import io.phoenix.protocol.json.Json;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain-text rendering of the control API's JSON for {@code swarm latest|status} (flat fields only). */
final class SwarmText {
    private static final Pattern PAIR = Pattern.compile("\"([a-z_]+)\":(\"[^\"]*\"|-?\\d+|true|false|null)");
    private static final Pattern CELL = Pattern.compile("\"([a-z0-9._-]+)\":\"(complete|missing|unreachable|partial \\d+%)\"");

    private SwarmText() {}

    static String latest(String json) {
        StringBuilder sb = new StringBuilder();
        int holders = json.indexOf("\"held_verified_by\"");
        String head = holders < 0 ? json : json.substring(0, holders);
        Matcher m = PAIR.matcher(head);
        while (m.find()) sb.append(String.format("%-12s %s%n", m.group(1), m.group(2).replace("\"", "")));
        if (holders >= 0) {
            sb.append("held verified by:\n");
            Matcher h = Pattern.compile("\"site\":\"([^\"]*)\",\"peer\":\"[^\"]*\",\"verified_at\":\"([^\"]*)\"").matcher(json.substring(holders));
            while (h.find()) sb.append("  ").append(h.group(1)).append("  (verified ").append(h.group(2)).append(")\n");
        }
        return sb.toString().stripTrailing();
    }

    static String status(String json) {
        StringBuilder sb = new StringBuilder();
        int snaps = json.indexOf("\"snapshots\"");
        Matcher site = Pattern.compile("\"site\":\"([^\"]*)\",\"peer\":\"[^\"]*\",\"role\":\"([^\"]*)\",\"last_seen\":(\"[^\"]*\"|null),\"reachable\":(true|false)")
                .matcher(json.substring(0, Math.max(0, snaps)));
        sb.append("sites:\n");
        while (site.find()) {
            sb.append(String.format("  %-16s %-8s %-11s last seen %s%n", site.group(1), site.group(2),
                    site.group(4).equals("true") ? "reachable" : "unreachable", site.group(3).replace("\"", "")));
        }
        if (snaps >= 0) {
            Matcher row = Pattern.compile("\\{\"id\":\"([^\"]*)\",\"sequence\":(\\d+),\"time\":\"([^\"]*)\",\"sites\":\\{([^}]*)\\}").matcher(json.substring(snaps));
            while (row.find()) {
                sb.append("snapshot #").append(row.group(2)).append(' ').append(row.group(1)).append(" (").append(row.group(3)).append(")\n");
                Matcher c = CELL.matcher(row.group(4));
                while (c.find()) sb.append(String.format("  %-16s %s%n", c.group(1), c.group(2)));
            }
        }
        Object bridges = Json.object(json).get("bridges");
        if (bridges instanceof List<?> list && !list.isEmpty()) sb.append(bridges(list));
        return sb.toString().stripTrailing();
    }

    /**
     * The daemon's bridge pushes, one line per bridge and snapshot: {@code pushed} (when, what the
     * bridge reports, blocks and bytes sent), {@code pending}, {@code pushing}, {@code retrying}
     * (attempt, next try, the error) or {@code failed} (the error).
     */
    static String bridges(List<?> bridges) {
        StringBuilder sb = new StringBuilder("bridges:\n");
        for (Object o : bridges) {
            if (!(o instanceof Map<?, ?> b)) continue;
            String name = String.valueOf(b.get("bridge"));
            if (b.get("error") != null) {
                sb.append(String.format("  %-8s unavailable: %s%n", name, b.get("error")));
                continue;
            }
            if (Boolean.FALSE.equals(b.get("auto_push"))) {
                sb.append(String.format("  %-8s not pushed automatically (auto-push = false)%n", name));
                continue;
            }
            List<?> pushes = b.get("pushes") instanceof List<?> l ? l : List.of();
            if (pushes.isEmpty()) sb.append(String.format("  %-8s nothing to push yet%n", name));
            for (Object q : pushes) {
                if (q instanceof Map<?, ?> p) sb.append(String.format("  %-8s #%s %s  %s%n", name, p.get("sequence"), p.get("id"), push(p)));
            }
        }
        return sb.toString();
    }

    private static String push(Map<?, ?> p) {
        String status = String.valueOf(p.get("status"));
        return switch (status) {
            case "pushed" -> "pushed " + p.get("updated") + (p.get("detail") == null ? "" : " (" + p.get("detail") + ")")
                    + "; " + p.get("blocks") + " blocks, " + Units.bytes(((Number) p.get("bytes_sent")).longValue()) + " sent in "
                    + Units.seconds(((Number) p.get("push_millis")).doubleValue() / 1000);
            case "retrying" -> "retrying (attempt " + p.get("attempts") + " failed, next try " + p.get("next_try") + "): " + error(p);
            case "failed" -> "failed (not retried until the node restarts): " + error(p);
            default -> status + (p.get("error") == null ? "" : " (last error: " + error(p) + ")");
        };
    }

    /** The failure's message, which names its kind first ("unreachable: ..."); the kind is added when it does not. */
    private static String error(Map<?, ?> p) {
        String e = String.valueOf(p.get("error"));
        String kind = String.valueOf(p.get("failure"));
        return e.startsWith(kind + ":") ? e : kind + ": " + e;
    }
}
