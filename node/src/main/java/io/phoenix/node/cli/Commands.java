package io.phoenix.node.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** TEMPORARY (development): command bodies land with the formats branch. */
final class Commands {
    private Commands() {}

    static int snapshot(Main m, CommandSpec s, List<String> layers, boolean json, Integer threads) {
        throw new CliException(ExitCode.FAILURE, "not built yet");
    }

    static int snapshots(Main m, CommandSpec s, boolean json) {
        throw new CliException(ExitCode.FAILURE, "not built yet");
    }

    static int restore(Main m, CommandSpec s, RestoreCommand c) {
        throw new CliException(ExitCode.FAILURE, "not built yet");
    }

    static int verify(Main m, CommandSpec s, String id, boolean json) {
        throw new CliException(ExitCode.FAILURE, "not built yet");
    }

    static int init(Main m, CommandSpec s, String dataset, boolean json) {
        throw new CliException(ExitCode.FAILURE, "not built yet");
    }

    static int demo(Main m, CommandSpec s, DemoCommand c) {
        throw new CliException(ExitCode.FAILURE, "not built yet");
    }
}
