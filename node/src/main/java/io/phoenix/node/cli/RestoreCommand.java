package io.phoenix.node.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phoenix restore}: writes a snapshot (or part of it) to a directory. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a snapshot into DIR/<layer>/: mind first, then body, then spirit.",
            "Every block is verified by its CID and every file by its digest; each file is written to a",
            "temporary name and renamed into place. A layer with several sources gets one sub-directory",
            "per source, named after the source's last path component."})
final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "Manifest CID (or a unique prefix), or 'latest'.")
    String snapshot;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "Target directory (must be empty unless --force).")
    Path to;

    @Option(names = "--layer", paramLabel = "LAYER", description = "Restore only this layer (repeatable).")
    java.util.List<String> layers = new java.util.ArrayList<>();

    @Option(names = "--path", paramLabel = "P", description = "Restore only this path inside the layer (e.g. weights/layer-00.bin); needs exactly one --layer.")
    String path;

    @Option(names = "--force", description = "Write into a non-empty target, replacing entries of the same name.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON object with the result.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        return Commands.restore(Main.of(spec), spec, this);
    }
}
