package io.phoenix.node.cli;

import io.phoenix.node.swarm.SwarmFile;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code phoenix swarm …}: build and inspect the swarm definition file so that nobody types peer
 * ids by hand. Register with {@code cl.addSubcommand(new SwarmCommand())}.
 */
@Command(name = "swarm", description = "Build and inspect the swarm definition file (sites, roles, writers, readers).",
        mixinStandardHelpOptions = true,
        subcommands = {SwarmNewCommand.class, SwarmAddSiteCommand.class, SwarmShowCommand.class})
public final class SwarmCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The swarm file a subcommand works on: {@code --file}, else {@code swarm.toml} in the node
     * home ({@code --home} of the root command if it has one, else {@code $PHOENIX_HOME}, else
     * {@code ~/.phoenix}).
     */
    static Path file(CommandSpec spec, Path option) {
        if (option != null) return option;
        return home(spec).resolve(SwarmFile.DEFAULT_NAME);
    }

    static Path home(CommandSpec spec) {
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            OptionSpec o = s.findOption("--home");
            if (o != null && o.getValue() != null) return ((Path) o.getValue()).toAbsolutePath().normalize();
        }
        String env = System.getenv("PHOENIX_HOME");
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath().normalize();
        return Path.of(System.getProperty("user.home"), ".phoenix");
    }

    static CommandLine.ParameterException usage(CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
