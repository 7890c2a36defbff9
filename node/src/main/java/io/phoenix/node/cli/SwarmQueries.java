package io.phoenix.node.cli;

import io.phoenix.node.daemon.ControlClient;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code phoenix swarm latest|status}: queries against the running daemon of the home, added to
 * the {@code swarm} command group ({@link io.phoenix.node.cli.SwarmCommand}: new, add-site, show).
 */
public final class SwarmQueries {
    private SwarmQueries() {}

    /** The {@code swarm} group with the query subcommands added (one line in {@link Main}). */
    public static CommandLine withQueries(Object swarmGroup) {
        CommandLine cl = new CommandLine(swarmGroup);
        cl.addSubcommand(new Latest());
        cl.addSubcommand(new Status());
        cl.addSubcommand(new SwarmKeyCommands.Wrap());
        cl.addSubcommand(new SwarmKeyCommands.Install());
        return cl;
    }

    static String call(Main main, String path) throws Exception {
        ControlClient c = ControlClient.of(main.home()).orElseThrow(() -> new CliException(ExitCode.FAILURE,
                "no node is running for home " + main.home() + " (start it with 'phoenix node run')"));
        ControlClient.Reply r = c.get(path);
        if (!r.ok()) throw new CliException(ExitCode.FAILURE, "node answered " + r.status() + ": " + r.body());
        return r.body();
    }

    /** A query of the running node: prints its JSON answer with --json, else the text rendering. */
    abstract static class Query implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print the JSON object.")
        boolean json;

        abstract String path();

        abstract String text(String body);

        @Override
        public Integer call() throws Exception {
            Main main = Main.of(spec);
            String body = SwarmQueries.call(main, path());
            main.out().println(json ? body : text(body));
            return ExitCode.OK;
        }
    }

    @Command(name = "latest", mixinStandardHelpOptions = true,
            description = "The latest snapshot known in the swarm (heads exchanged with every reachable site) and the sites holding it verified.")
    static final class Latest extends Query {
        @Override
        String path() {
            return "/v1/swarm/latest";
        }

        @Override
        String text(String body) {
            return SwarmText.latest(body);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Replication matrix: for each recent snapshot and each site, complete / partial %% / missing / unreachable, and when each site was last seen; then this node's automatic bridge pushes (pushed / pending / retrying / failed).")
    static final class Status extends Query {
        @Override
        String path() {
            return "/v1/swarm/status";
        }

        @Override
        String text(String body) {
            return SwarmText.status(body);
        }
    }
}
