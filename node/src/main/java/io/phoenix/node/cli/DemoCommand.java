package io.phoenix.node.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phoenix demo}: the whole local cycle on a generated sample, in a temporary home. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the main job end to end without external services or prompts: create a temporary",
            "home, generate a sample dataset with the three layers, snapshot it, change it, snapshot again,",
            "restore the latest snapshot, verify it and check the restore is byte-identical."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object with the result.")
    boolean json;

    @Option(names = "--keep", description = "Keep the temporary directory (printed) instead of deleting it.")
    boolean keep;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work in DIR (created; default: a new temporary directory).")
    Path dir;

    @Option(names = "--scale", paramLabel = "N", description = "Multiply the sample size by N (default 1: about 6 MiB).")
    int scale = 1;

    @Override
    public Integer call() throws Exception {
        return Commands.demo(Main.of(spec), spec, this);
    }
}
