package io.phoenix.node.cli;

import io.phoenix.protocol.json.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes events as JSON lines or as {@code event key=value …} text. */
final class P2pEvents {
    private final PrintWriter out;
    private final boolean json;

    P2pEvents(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    synchronized void emit(String event, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        for (int i = 0; i + 1 < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        if (json) {
            out.println(Json.write(m));
        } else {
            StringBuilder sb = new StringBuilder(event);
            m.forEach((k, v) -> {
                if (!k.equals("event")) sb.append(' ').append(k).append('=').append(v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : v);
            });
            out.println(sb);
        }
        out.flush();
    }
}
