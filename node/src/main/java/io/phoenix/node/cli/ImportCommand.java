package io.phoenix.node.cli;

import io.phoenix.protocol.json.Json;
import io.phoenix.node.bridges.SnapshotImport;
import io.phoenix.protocol.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phoenix import}: a snapshot from a CARv1 file into the local store and history. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import the snapshot a CAR file holds (as written by 'phoenix export'). The manifest is",
            "checked first (its CID, both signatures, and that this home's key wrote it), then every block is",
            "verified against its CID and the snapshot must be complete in the file; only then is it added to",
            "the history. A bad block or a forged manifest exits 3 and the history is unchanged."})
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--car", required = true, paramLabel = "FILE", description = "The CAR file to read.")
    Path car;

    @Option(names = "--json", description = "Print one JSON object with the result.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        Path file = car.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) throw new CliException(ExitCode.USAGE, "no CAR file " + file);
        try (Session s = Session.open(main)) {
            SnapshotImport.Outcome o;
            try {
                o = BridgeCli.importer(s, BridgeCli.bridges(main, s)).fromCar(file);
            } catch (IOException | FormatException e) {
                throw BridgeCli.failure("import of " + file, e);
            }
            report(main, json, "imported", file.toString(), o);
            return ExitCode.OK;
        }
    }

    static void report(Main main, boolean json, String verb, String source, SnapshotImport.Outcome o) {
        double secs = o.elapsed().toNanos() / 1e9;
        if (json) {
            Map<String, Object> j = Json.object();
            j.put("id", o.root().toString());
            j.put("source", source);
            j.put("blocks", o.blocksTotal());
            j.put("blocksStored", o.blocksStored());
            j.put("blocksAlreadyPresent", o.blocksAlreadyPresent());
            j.put("bytes", o.bytesStored());
            j.put("seconds", secs);
            main.out().println(Json.write(j));
        } else if (!main.quiet()) {
            main.out().printf("%s %s from %s: %d blocks (%d new, %s) in %s (%s)%n", verb, o.root(), source, o.blocksTotal(),
                    o.blocksStored(), Units.bytes(o.bytesStored()), Units.seconds(secs), Units.rate(o.bytesStored(), secs));
        }
    }
}
