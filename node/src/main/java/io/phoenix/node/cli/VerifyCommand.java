package io.phoenix.node.cli;

import io.phoenix.node.restore.Damage;
import io.phoenix.node.restore.RestoreStats;
import io.phoenix.node.snapshot.CodecWarmup;
import io.phoenix.node.snapshot.SnapshotHistory;
import io.phoenix.protocol.json.Json;
import io.phoenix.protocol.multiformats.Cid;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phoenix verify}: re-reads and checks every block and file of one or all snapshots. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check snapshots: manifest signatures, index pages, every block against its CID and key,",
            "every tree, and every file against its digest. Exits 3 and names each damaged block and file."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SNAPSHOT", description = "Manifest CID (or unique prefix) or 'latest' (default: latest).")
    String snapshot;

    @Option(names = "--all", description = "Verify every snapshot in the history.")
    boolean all;

    @Option(names = "--json", description = "Print one JSON object with the result.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if (all && snapshot != null) throw new CliException(ExitCode.USAGE, "give either a snapshot or --all, not both");
        Main main = Main.of(spec);
        int n = threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors();
        CodecWarmup.start(CodecWarmup.Direction.DECODE); // overlaps the passphrase unlock
        try (Session s = Session.open(main)) {
            SnapshotHistory h = s.repo.historyCheckingSignatures();
            List<SnapshotHistory.Snapshot> chosen;
            if (all) {
                chosen = h.newestFirst();
            } else {
                String id = snapshot == null ? "latest" : snapshot;
                chosen = List.of(h.resolve(id).orElseThrow(() -> new CliException(ExitCode.USAGE,
                        h.newestFirst().isEmpty() && h.broken().isEmpty() ? "no snapshots yet" : "no snapshot '" + id + "' (see 'phoenix snapshots')")));
            }
            Damage damage = new Damage();
            for (Map.Entry<Cid, String> b : h.broken().entrySet()) damage.block(b.getKey(), "manifest unreadable: " + b.getValue());
            RestoreStats stats = new RestoreStats();
            long t0 = System.nanoTime();
            try (ProgressLine p = ProgressLine.start(main.showProgress(json), main.err(), () -> String.format("  %d files, %s checked",
                    stats.files.get(), Units.bytes(stats.bytes.get())))) {
                s.repo.verify(chosen, n, stats, damage);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            for (String line : damage.lines()) main.err().println("phoenix: " + line);
            if (json) {
                Map<String, Object> j = Json.object();
                j.put("snapshots", chosen.stream().map(x -> x.cid().toString()).toList());
                j.put("files", stats.files.get());
                j.put("bytes", stats.bytes.get());
                j.put("blocks", stats.blocks.get());
                j.put("seconds", secs);
                j.put("damagedBlocks", damage.blocks());
                j.put("damagedFiles", damage.files());
                j.put("ok", !damage.any());
                main.out().println(Json.write(j));
            } else if (!main.quiet() || damage.any()) {
                main.out().printf("verified %d snapshot%s: %d files (%s), %d data blocks in %s: %s%n", chosen.size(),
                        chosen.size() == 1 ? "" : "s", stats.files.get(), Units.bytes(stats.bytes.get()), stats.blocks.get(),
                        Units.seconds(secs), damage.any() ? "DAMAGED (" + damage.blocks().size() + " blocks, "
                                + damage.files().size() + " files; listed on stderr)" : "OK");
            }
            return damage.any() ? ExitCode.DAMAGE : ExitCode.OK;
        }
    }
}
