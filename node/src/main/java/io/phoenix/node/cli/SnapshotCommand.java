package io.phoenix.node.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phoenix snapshot}: takes one snapshot of the configured or given layers. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Take a snapshot: scan the layer sources, store new chunks, sign a manifest, move the head.",
            "Unchanged files (same size, mtime, ctime, inode) are not read again. The snapshot becomes visible",
            "only after all of its blocks are durable; an interrupted run leaves the previous state intact."})
final class SnapshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--layer", paramLabel = "LAYER=PATH",
            description = "A source of a layer (mind, body or spirit); repeatable, also for one layer. "
                    + "Default: the [layers] table of the home's config.")
    List<String> layers = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object with the result.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        return Commands.snapshot(Main.of(spec), spec, layers, json, threads);
    }
}
