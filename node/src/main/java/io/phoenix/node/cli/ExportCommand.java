package io.phoenix.node.cli;

import io.phoenix.protocol.json.Json;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.car.CarExport;
import io.phoenix.node.snapshot.SnapshotHistory;
import io.phoenix.protocol.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phoenix export}: one snapshot as a CARv1 file (for tape or an air-gapped copy). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a snapshot (manifest, index pages, every encrypted block) to a CARv1 file whose",
            "single root is the manifest. Streaming and constant-memory; written to FILE.partial, fsynced and",
            "renamed, and an interrupted export resumes. The blocks stay encrypted: the file is safe to carry."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "Manifest CID (or a unique prefix of 8+ characters), or 'latest'.")
    String snapshot;

    @Option(names = "--car", required = true, paramLabel = "FILE", description = "The CAR file to write (must not exist).")
    Path car;

    @Option(names = "--json", description = "Print one JSON object with the result.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        Path target = car.toAbsolutePath().normalize();
        if (Files.exists(target)) throw new CliException(ExitCode.USAGE, "target " + target + " exists (export never overwrites)");
        try (Session s = Session.open(main)) {
            SnapshotHistory.Snapshot snap = BridgeCli.resolve(s, snapshot);
            long t0 = System.nanoTime();
            CarExport.Result r;
            try {
                r = CarExport.toFile(snap.cid(), s.store, BridgeCli.bridges(main, s).layout(), target); // streams the walk
            } catch (IOException | FormatException e) {
                throw BridgeCli.failure("export of " + snap.cid(), e);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            if (json) {
                Map<String, Object> j = Json.object();
                j.put("id", snap.cid().toString());
                j.put("car", target.toString());
                j.put("blocks", r.blocksWritten() + r.blocksResumed());
                j.put("blocksResumed", r.blocksResumed());
                j.put("bytes", r.bytes());
                j.put("seconds", secs);
                main.out().println(Json.write(j));
            } else if (!main.quiet()) {
                main.out().printf("exported %s to %s: %d blocks, %s in %s (%s)%n", snap.cid(), target, r.blocksWritten() + r.blocksResumed(),
                        Units.bytes(r.bytes()), Units.seconds(secs), Units.rate(r.bytes(), secs));
            }
            return ExitCode.OK;
        }
    }
}
