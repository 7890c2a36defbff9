package io.phoenix.node.daemon;

import io.phoenix.node.bridges.AutoPush;
import io.phoenix.node.bridges.BridgePush;
import io.phoenix.node.bridges.ConfiguredBridges;
import io.phoenix.protocol.json.Json;
import java.util.List;
import java.util.Map;

/**
 * The {@code bridges} part of {@code GET /v1/swarm/status} and {@code GET /v1/bridges}: for every
 * bridge configured in config.toml, whether the daemon pushes to it, why it cannot (if so), and its
 * push records ({@link BridgePush#toJson()}) for the newest snapshots, newest first.
 */
final class BridgeStatusJson {
    private BridgeStatusJson() {}

    static List<Object> of(Daemon daemon, int recent) {
        AutoPush push = daemon.autoPush();
        ConfiguredBridges configured = new ConfiguredBridges(daemon.home().config(), daemon.home().directory(), Map.of(), daemon.swarmId().toString());
        List<BridgePush> records = push.recent(recent);
        List<Object> out = Json.array();
        for (String name : configured.configured()) {
            Map<String, Object> b = Json.object();
            b.put("bridge", name);
            boolean auto = push.bridges().contains(name) || push.unavailable().containsKey(name);
            b.put("auto_push", auto);
            b.put("error", push.unavailable().get(name));
            List<Object> pushes = Json.array();
            for (BridgePush p : records) {
                if (p.bridge().equals(name)) pushes.add(p.toJson());
            }
            b.put("pushes", pushes);
            out.add(b);
        }
        return out;
    }
}
