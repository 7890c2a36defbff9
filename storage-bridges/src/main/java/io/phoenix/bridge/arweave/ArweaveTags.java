package io.phoenix.bridge.arweave;

import io.phoenix.protocol.multiformats.Cid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tags that find Phoenix transactions on Arweave again (docs/bridges.md §5). */
final class ArweaveTags {
    static final String TYPE = "Phoenix-Type";
    static final String SNAPSHOT = "Phoenix-Snapshot";
    static final String PACK = "Phoenix-Pack";
    static final String BLOCK_COUNT = "Phoenix-Block-Count";
    static final String BLOCK = "Phoenix-Block";

    private ArweaveTags() {}

    /** App, swarm and snapshot: what a query for one snapshot's transactions filters on. */
    static Map<String, String> snapshot(ArweaveConfig config, Cid root) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("App-Name", config.appName());
        m.put("Phoenix-Swarm", config.swarm());
        m.put(SNAPSHOT, root.toString());
        return m;
    }

    /** The tags of every transaction of a snapshot ({@code type}: pack or index). */
    static List<ArweaveTag> common(ArweaveConfig config, Cid root, String type) {
        List<ArweaveTag> tags = new ArrayList<>();
        for (Map.Entry<String, String> e : snapshot(config, root).entrySet()) tags.add(new ArweaveTag(e.getKey(), e.getValue()));
        tags.add(new ArweaveTag(TYPE, type));
        tags.add(new ArweaveTag("Content-Type", "application/octet-stream"));
        return tags;
    }
}
