package io.phoenix.node.cli;

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
        return sb.toString().stripTrailing();
    }
}
