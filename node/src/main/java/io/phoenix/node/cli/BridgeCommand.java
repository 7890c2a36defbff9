package io.phoenix.node.cli;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.node.bridges.ConfiguredBridges;
import io.phoenix.node.daemon.ControlClient;
import io.phoenix.node.snapshot.SnapshotHistory;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phoenix bridge push|status}: copies of snapshots on IPFS, a pinning service, Arweave, CAR files. */
@Command(name = "bridge", mixinStandardHelpOptions = true,
        description = {"Push snapshots to the bridges configured in config.toml ([bridges.*]) and show what they hold."},
        subcommands = {BridgeCommand.Push.class, BridgeCommand.Status.class})
final class BridgeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "push", mixinStandardHelpOptions = true,
            description = {"Send every block of a snapshot the bridge does not have yet (idempotent, resumes an",
                "interrupted push), then report what the bridge holds. Bridges: ipfs, pinning, arweave, car."})
    static final class Push implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "BRIDGE", description = "ipfs, pinning, arweave or car.")
        String bridge;

        @Parameters(index = "1", paramLabel = "SNAPSHOT", description = "Manifest CID (or a unique prefix of 8+ characters), or 'latest'.")
        String snapshot;

        @Option(names = "--json", description = "Print one JSON object with the result.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Main main = Main.of(spec);
            if (!ConfiguredBridges.NAMES.contains(bridge)) {
                throw new CliException(ExitCode.USAGE, "unknown bridge '" + bridge + "' (bridges are " + String.join(", ", ConfiguredBridges.NAMES) + ")");
            }
            try (Session s = Session.open(main)) {
                SnapshotHistory.Snapshot snap = BridgeCli.resolve(s, snapshot);
                ConfiguredBridges bridges = BridgeCli.bridges(main, s);
                Bridge b = BridgeCli.open(bridges, bridge);
                PushReport r;
                try {
                    r = b.push(Snapshot.of(snap.cid(), s.store, bridges.layout()));
                } catch (IOException | FormatException e) {
                    throw BridgeCli.failure("push of " + snap.cid() + " to " + bridge, e);
                } finally {
                    BridgeCli.closeQuietly(b);
                }
                double secs = r.elapsed().toNanos() / 1e9;
                if (json) {
                    Map<String, Object> j = Json.object();
                    j.put("bridge", bridge);
                    j.put("id", snap.cid().toString());
                    j.put("blocks", r.blocksTotal());
                    j.put("blocksSent", r.blocksSent());
                    j.put("blocksSkipped", r.blocksSkipped());
                    j.put("bytesSent", r.bytesSent());
                    j.put("seconds", secs);
                    j.put("state", r.state().status().name().toLowerCase(Locale.ROOT));
                    main.out().println(Json.write(j));
                } else if (!main.quiet()) {
                    main.out().printf("pushed %s to %s: %d blocks (%d sent, %s; %d already there) in %s (%s); state %s%n", snap.cid(), bridge,
                            r.blocksTotal(), r.blocksSent(), Units.bytes(r.bytesSent()), r.blocksSkipped(), Units.seconds(secs),
                            Units.rate(r.bytesSent(), secs), r.state().status().name().toLowerCase(Locale.ROOT));
                }
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"For every configured bridge and each of the most recent snapshots: its state there",
                "(absent, partial, pending, complete, failed) and how many of its blocks the bridge holds.",
                "While 'phoenix node run' holds the home: the node's automatic pushes instead (pushed, pending,",
                "retrying with the next try, failed with the error)."})
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--recent", paramLabel = "N", description = "How many of the latest snapshots to show (default 3).")
        int recent = 3;

        @Option(names = "--json", description = "Print one JSON array with one object per bridge and snapshot.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Main main = Main.of(spec);
            Integer fromDaemon = fromDaemon(main);
            if (fromDaemon != null) return fromDaemon;
            try (Session s = Session.open(main)) {
                List<SnapshotHistory.Snapshot> snaps = s.repo.history().newestFirst();
                snaps = snaps.subList(0, Math.min(Math.max(1, recent), snaps.size()));
                ConfiguredBridges bridges = BridgeCli.bridges(main, s);
                List<Object> rows = Json.array();
                if (bridges.configured().isEmpty() && !json) main.out().println("no bridges configured (see [bridges.*] in docs/bridges.md)");
                for (String name : bridges.configured()) {
                    Bridge b = BridgeCli.open(bridges, name);
                    try {
                        for (SnapshotHistory.Snapshot snap : snaps) {
                            Map<String, Object> j = Json.object();
                            j.put("bridge", name);
                            j.put("id", snap.cid().toString());
                            try {
                                SnapshotState st = b.state(snap.cid());
                                j.put("state", st.status().name().toLowerCase(Locale.ROOT));
                                j.put("blocksPresent", st.blocksPresent());
                                j.put("blocksTotal", st.blocksTotal());
                                j.put("detail", st.detail() == null ? "" : st.detail());
                            } catch (BridgeException e) {
                                j.put("state", "unknown");
                                j.put("error", e.getMessage());
                            }
                            rows.add(j);
                            if (!json) {
                                main.out().printf("%-8s %s  %s%s%n", name, snap.cid(), j.get("state"), j.containsKey("error") ? "  " + j.get("error")
                                        : "  " + count(j.get("blocksPresent")) + "/" + count(j.get("blocksTotal")) + " blocks");
                            }
                        }
                    } finally {
                        BridgeCli.closeQuietly(b);
                    }
                }
                if (json) main.out().println(Json.write(rows));
                return ExitCode.OK;
            }
        }

        /**
         * While {@code phoenix node run} holds the home: the daemon's automatic push state
         * ({@code GET /v1/bridges}); null when no node runs for the home. JSON: one array of push
         * records (docs/bridges.md), plus {@code {"bridge","status":"unavailable","error"}} for a
         * bridge the node cannot open and {@code "status":"manual"} for one with auto-push off.
         */
        private Integer fromDaemon(Main main) {
            Optional<ControlClient> c;
            ControlClient.Reply r;
            try {
                c = ControlClient.of(main.home());
                if (c.isEmpty()) return null;
                r = c.get().get("/v1/bridges");
            } catch (IOException e) {
                return null; // stale control file: the local path reports a busy or free home itself
            }
            if (!r.ok()) throw new CliException(ExitCode.FAILURE, "the running node answered " + r.status() + ": " + r.body());
            Object bridges = Json.object(r.body()).get("bridges");
            List<?> list = bridges instanceof List<?> l ? l : List.of();
            if (!json) {
                main.out().println(list.isEmpty() ? "no bridges configured (see [bridges.*] in docs/bridges.md)"
                        : "pushed automatically by the running node:\n" + SwarmText.bridges(list).substring("bridges:\n".length()).stripTrailing());
                return ExitCode.OK;
            }
            List<Object> rows = Json.array();
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> b)) continue;
                if (b.get("error") != null || Boolean.FALSE.equals(b.get("auto_push"))) {
                    Map<String, Object> j = Json.object();
                    j.put("bridge", b.get("bridge"));
                    j.put("status", b.get("error") != null ? "unavailable" : "manual");
                    j.put("error", b.get("error"));
                    rows.add(j);
                } else if (b.get("pushes") instanceof List<?> pushes) {
                    rows.addAll(pushes);
                }
            }
            main.out().println(Json.write(rows));
            return ExitCode.OK;
        }

        private static String count(Object n) {
            return n instanceof Long l && l < 0 ? "?" : String.valueOf(n);
        }
    }
}
