package io.phoenix.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phoenix init}: creates a node home (keys, config, block store). */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create a node home: node identity, writer signing key, repository secret (all",
            "encrypted with the passphrase), config file and block store. Refuses an existing home."})
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset name recorded in every manifest (default: phoenix).")
    String dataset = "phoenix";

    @Option(names = "--json", description = "Print one JSON object with the result.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        return Commands.init(Main.of(spec), spec, dataset, json);
    }
}
