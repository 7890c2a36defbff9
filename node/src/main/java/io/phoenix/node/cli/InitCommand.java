package io.phoenix.node.cli;

import io.phoenix.node.home.Config;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.HomeException;
import io.phoenix.node.home.InitOptions;
import io.phoenix.node.home.PassphraseException;
import io.phoenix.protocol.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phoenix init}: creates a node home (keys, config, block store). */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create a node home: node identity (Ed25519), writer key (ML-DSA-65) and repository secret,",
            "sealed with the passphrase (Argon2id); config.toml; the block store. Refuses an existing home."})
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset name recorded in every manifest (default: phoenix).")
    String dataset = "phoenix";

    @Option(names = "--layer", paramLabel = "LAYER=PATH", description = "Record a layer source in config.toml (repeatable).")
    List<String> layers = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object with the result.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        Path dir = main.home();
        Config config;
        try {
            config = Config.defaults(dataset);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage(), e);
        }
        Map<String, List<Path>> given = SnapshotCommand.parseLayers(layers);
        if (!given.isEmpty()) {
            Map<String, List<Path>> abs = new LinkedHashMap<>();
            given.forEach((k, v) -> abs.put(k, v.stream().map(p -> p.toAbsolutePath().normalize()).toList()));
            config = new Config(config.dataset(), abs, config.storePath(), config.listen(), config.bootstrap(),
                    config.snapshotTime(), config.uploadBytesPerSecond(), config.downloadBytesPerSecond(), config.bridges());
        }
        char[] pass;
        try {
            pass = main.passphrases().read(true);
        } catch (PassphraseException e) {
            throw new CliException(ExitCode.KEY, e.getMessage(), e);
        }
        String peer;
        try (Home home = Home.init(dir, InitOptions.of(dataset, pass).withConfig(config))) {
            peer = home.publicKeys().peerId().toString();
        } catch (HomeException e) {
            throw new CliException(ExitCode.FAILURE, e.getMessage(), e);
        } finally {
            Arrays.fill(pass, '\0');
        }
        if (json) {
            Map<String, Object> j = Json.object();
            j.put("home", dir.toString());
            j.put("peerId", peer);
            j.put("dataset", dataset);
            main.out().println(Json.write(j));
        } else if (main.quiet()) {
            main.out().println(peer);
        } else {
            main.out().println("initialised Phoenix home " + dir);
            main.out().println("  peer id  " + peer);
            main.out().println("  dataset  " + dataset);
            main.out().println("  next     phoenix snapshot --layer mind=PATH --layer body=PATH --layer spirit=PATH");
        }
        return ExitCode.OK;
    }
}
