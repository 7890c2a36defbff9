package io.phoenix.node.cli;

import io.phoenix.node.daemon.DaemonSettings;
import io.phoenix.node.daemon.NodeKeysFiles;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.HomeException;
import io.phoenix.node.home.KeyRing;
import io.phoenix.node.home.PassphraseException;
import io.phoenix.node.home.WrongPassphraseException;
import io.phoenix.node.swarm.SwarmFile;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.crypto.KeyWrap;
import io.phoenix.protocol.crypto.ReaderPublicKey;
import io.phoenix.protocol.crypto.RepositorySecret;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SwarmDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code phoenix swarm wrap-key} and {@code phoenix swarm install-key}: how a reader site obtains
 * the swarm's repository secret (docs/crypto.md §8). A writer wraps the secret for the reader's
 * public key (hybrid X25519 + ML-KEM-768, {@link KeyWrap}); the operator copies the 1,185-byte file
 * to the reader, which checks that its reader key opens it and keeps it as {@code keys/swarm.wrap}.
 * Sites that are not readers (role {@code storage}, {@code bridge}, or not listed) are refused on
 * both sides. Both commands read the keys without the home lock, so they work while the node runs.
 */
final class SwarmKeyCommands {
    private SwarmKeyCommands() {}

    @Command(name = "wrap-key", mixinStandardHelpOptions = true,
            description = {"Wrap the swarm's data key for one reader site (run on a writer): writes FILE, which the reader",
                "installs with 'phoenix swarm install-key FILE'. The reader's public key comes from its keys/reader.pub."})
    static final class Wrap implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--site", required = true, paramLabel = "SITE", description = "The reader site, as named in the swarm file.")
        String site;

        @Option(names = "--reader-key", paramLabel = "FILE", description = "The reader's keys/reader.pub (1,217 bytes).")
        Path readerKey;

        @Option(names = "--from-home", paramLabel = "DIR", description = "Read the reader key from this node home instead.")
        Path fromHome;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the wrapped key.")
        Path out;

        @Option(names = "--file", paramLabel = "FILE", description = "Swarm file (default: the one daemon.toml names, HOME/swarm.toml).")
        Path file;

        @Override
        public Integer call() throws Exception {
            Main main = Main.of(spec);
            if ((readerKey == null) == (fromHome == null)) throw new CliException(ExitCode.USAGE, "give exactly one of --reader-key or --from-home");
            SwarmDefinition def = swarm(main.home(), file);
            Site target = def.sites().stream().filter(s -> s.name().equals(site)).findFirst()
                    .orElseThrow(() -> new CliException(ExitCode.FAILURE, "no site '" + site + "' in the swarm file"));
            requireReader(def, target);
            Path keyFile = readerKey != null ? readerKey : fromHome.resolve("keys").resolve("reader.pub");
            ReaderPublicKey pub;
            try {
                pub = ReaderPublicKey.decode(Files.readAllBytes(keyFile));
            } catch (NoSuchFileException e) {
                throw new CliException(ExitCode.FAILURE, "no reader key at " + keyFile, e);
            } catch (FormatException e) {
                throw new CliException(ExitCode.FAILURE, keyFile + " is not a reader public key: " + e.getMessage(), e);
            }
            char[] pass = readPassphrase(main);
            KeyRing keys = unlock(main, pass);
            if (def.writer(keys.peerId()).isEmpty() && !NodeKeysFiles.hasSwarmKey(main.home())) {
                throw new CliException(ExitCode.FAILURE, "this home (" + keys.peerId() + ") is neither a writer of swarm '" + def.name()
                        + "' nor holds its key: run wrap-key on a writer");
            }
            KeyRing withSwarm = NodeKeysFiles.withSwarmSecret(main.home(), keys, pass);
            byte[] wrap = KeyWrap.wrap(RepositorySecret.of(withSwarm.repositorySecret()), pub, new SecureRandom());
            Path abs = out.toAbsolutePath();
            Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
            Files.write(tmp, wrap);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            main.out().println("wrapped the swarm key of '" + def.name() + "' for site '" + site + "' (reader key id "
                    + HexFormat.of().formatHex(pub.id()) + ") into " + out + ": copy it to that site and run 'phoenix swarm install-key "
                    + abs.getFileName() + "' there, then restart its node");
            return ExitCode.OK;
        }
    }

    @Command(name = "install-key", mixinStandardHelpOptions = true,
            description = {"Install the swarm's data key that a writer wrapped for this site ('phoenix swarm wrap-key'):",
                "checks that this home's reader key opens it and keeps it as keys/swarm.wrap. Restart the node afterwards."})
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The wrapped key file.")
        Path wrapped;

        @Option(names = "--file", paramLabel = "FILE", description = "Swarm file (default: the one daemon.toml names, HOME/swarm.toml).")
        Path file;

        @Override
        public Integer call() throws Exception {
            Main main = Main.of(spec);
            SwarmDefinition def = swarm(main.home(), file);
            byte[] wrap;
            try {
                wrap = Files.readAllBytes(wrapped);
            } catch (NoSuchFileException e) {
                throw new CliException(ExitCode.FAILURE, "no file " + wrapped, e);
            }
            KeyRing keys = unlock(main, readPassphrase(main));
            Site self = def.site(keys.peerId()).orElseThrow(() -> new CliException(ExitCode.FAILURE,
                    "this home (" + keys.peerId() + ") is not a site of swarm '" + def.name() + "'"));
            requireReader(def, self);
            try {
                NodeKeysFiles.installSwarmWrap(main.home(), keys, wrap);
            } catch (HomeException e) {
                throw new CliException(ExitCode.KEY, e.getMessage() + " (nothing was installed)", e);
            }
            main.out().println("installed the swarm key of '" + def.name() + "' for site '" + self.name() + "' in "
                    + main.home().resolve("keys").resolve(NodeKeysFiles.SWARM_WRAP) + "; restart the node to use it");
            return ExitCode.OK;
        }
    }

    private static void requireReader(SwarmDefinition def, Site site) {
        if (!site.role().mayHoldDataKey()) {
            throw new CliException(ExitCode.FAILURE, "site '" + site.name() + "' has role " + site.role().label()
                    + ", which never holds the data key");
        }
        if (!def.isReader(site.peerId())) {
            throw new CliException(ExitCode.FAILURE, "site '" + site.name() + "' is not a reader of swarm '" + def.name()
                    + "' (add it with 'phoenix swarm add-site … --reader' first)");
        }
    }

    private static SwarmDefinition swarm(Path home, Path option) throws IOException {
        Path f = option != null ? option : home.resolve(DaemonSettings.read(home).swarmFile());
        if (!Files.exists(f)) throw new CliException(ExitCode.USAGE, "no swarm file at " + f + " (give --file)");
        return SwarmFile.read(f);
    }

    private static char[] readPassphrase(Main main) {
        try {
            return main.passphrases().read(false);
        } catch (PassphraseException e) {
            throw new CliException(ExitCode.KEY, e.getMessage(), e);
        }
    }

    private static KeyRing unlock(Main main, char[] pass) throws IOException {
        try {
            return Home.unlockKeys(main.home(), pass);
        } catch (WrongPassphraseException e) {
            throw new CliException(ExitCode.KEY, e.getMessage(), e);
        }
    }
}
