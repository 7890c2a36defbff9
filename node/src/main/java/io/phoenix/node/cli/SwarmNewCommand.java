package io.phoenix.node.cli;

import io.phoenix.node.swarm.SwarmFile;
import io.phoenix.node.swarm.SwarmFileException;
import io.phoenix.protocol.swarm.InvalidSwarmDefinitionException;
import io.phoenix.protocol.swarm.SwarmDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phoenix swarm new --name N}: writes a swarm file with no sites yet. */
@Command(name = "new", mixinStandardHelpOptions = true, description = "Create a swarm definition file with no sites yet.")
final class SwarmNewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Swarm name: a-z, 0-9, '.', '_', '-' (1-63).")
    String name;

    @Option(names = "--file", paramLabel = "FILE", description = "Swarm file (default: HOME/swarm.toml).")
    Path file;

    @Option(names = "--force", description = "Replace an existing swarm file.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Path f = SwarmCommand.file(spec, file);
        if (Files.exists(f) && !force) {
            throw new SwarmFileException(f + " already exists (use --force to replace it, or `phoenix swarm add-site` to extend it)");
        }
        SwarmDefinition def;
        try {
            def = SwarmDefinition.empty(name);
        } catch (InvalidSwarmDefinitionException e) {
            throw SwarmCommand.usage(spec, String.join("; ", e.problems()));
        }
        SwarmFile.write(f, def);
        spec.commandLine().getOut().println("created swarm '" + name + "' in " + f);
        spec.commandLine().getOut().println("swarm id " + def.id() + " (it changes as sites are added)");
        return 0;
    }
}
