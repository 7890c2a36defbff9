package io.phoenix.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phoenix verify}: re-reads and checks every block and file of one or all snapshots. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check snapshots: the manifest signatures, every block against its CID and key, every",
            "tree, and every file against its digest. Exits 3 and names each damaged block and file."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SNAPSHOT", description = "Manifest CID or 'latest' (default: latest).")
    String snapshot;

    @Option(names = "--all", description = "Verify every snapshot in the home.")
    boolean all;

    @Option(names = "--json", description = "Print one JSON object with the result.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (all && snapshot != null) throw new CliException(ExitCode.USAGE, "give either a snapshot or --all, not both");
        return Commands.verify(Main.of(spec), spec, all ? null : (snapshot == null ? "latest" : snapshot), json);
    }
}
