package io.phoenix.node.cli;

import io.phoenix.node.snapshot.SnapshotHistory;
import io.phoenix.protocol.json.Json;
import io.phoenix.protocol.manifest.Manifest;
import io.phoenix.protocol.multiformats.Cid;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phoenix snapshots}: the snapshot history, newest first, with parents. */
@Command(name = "snapshots", mixinStandardHelpOptions = true,
        description = {"List the snapshots in this home, latest first (highest sequence, then time, then CID),",
            "with sequence, time, files, bytes, blocks, layers and parents. Manifests are signature-checked."})
final class SnapshotsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array of snapshots.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        try (Session s = Session.open(main)) {
            SnapshotHistory h = s.repo.history();
            List<SnapshotHistory.Snapshot> all = h.newestFirst();
            Set<Cid> heads = new HashSet<>();
            for (SnapshotHistory.Snapshot x : h.heads()) heads.add(x.cid());
            if (json) {
                List<Object> arr = Json.array();
                for (SnapshotHistory.Snapshot x : all) {
                    Manifest m = x.signed().manifest();
                    Map<String, Object> j = Json.object();
                    j.put("id", x.cid().toString());
                    j.put("sequence", m.sequence());
                    j.put("time", m.time().toString());
                    j.put("dataset", m.dataset());
                    j.put("author", m.author().peerId().toString());
                    j.put("files", m.totals().files());
                    j.put("bytes", m.totals().bytes());
                    j.put("blocks", m.totals().blocks());
                    j.put("layers", List.copyOf(m.layers().keySet()));
                    j.put("parents", m.parents().stream().map(Cid::toString).toList());
                    j.put("head", heads.contains(x.cid()));
                    arr.add(j);
                }
                main.out().println(Json.write(arr));
            } else if (all.isEmpty()) {
                main.out().println("no snapshots yet (run 'phoenix snapshot')");
            } else {
                for (SnapshotHistory.Snapshot x : all) {
                    Manifest m = x.signed().manifest();
                    main.out().printf("%s  #%d  %s  %d files  %s  %s%s%n", x.cid(), m.sequence(), m.time(), m.totals().files(),
                            Units.bytes(m.totals().bytes()), String.join(",", m.layers().keySet()), heads.contains(x.cid()) ? "  (head)" : "");
                    for (Cid p : m.parents()) main.out().println("    parent " + p);
                }
            }
            for (Map.Entry<Cid, String> b : h.broken().entrySet()) {
                main.err().println("phoenix: warning: manifest " + b.getKey() + " unreadable: " + b.getValue());
            }
            return h.broken().isEmpty() ? ExitCode.OK : ExitCode.DAMAGE;
        }
    }
}
