package io.phoenix.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phoenix snapshots}: the snapshot history, newest first, with parents. */
@Command(name = "snapshots", mixinStandardHelpOptions = true,
        description = "List the snapshots in this home, newest first, with their parents, time, files and size.")
final class SnapshotsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array of snapshots.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        return Commands.snapshots(Main.of(spec), spec, json);
    }
}
