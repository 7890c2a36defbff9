package io.phoenix.node.cli;

import io.phoenix.node.daemon.ControlServer;
import io.phoenix.node.daemon.Daemon;
import io.phoenix.node.daemon.DaemonSettings;
import io.phoenix.node.daemon.NodeKeysFiles;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.KeyRing;
import io.phoenix.node.home.PassphraseException;
import io.phoenix.node.home.WrongPassphraseException;
import io.phoenix.node.swarm.SwarmFile;
import io.phoenix.node.swarm.SwarmFileException;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.swarm.InvalidSwarmDefinitionException;
import io.phoenix.protocol.swarm.SwarmDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code phoenix node run}: the long-running daemon of a site. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Run this site's node.",
        subcommands = {NodeCommand.Run.class})
public final class NodeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run the node daemon in the foreground until SIGTERM/SIGINT: joins the swarm named by",
                "daemon.toml's swarm_file (default HOME/swarm.toml), replicates every snapshot, takes scheduled",
                "snapshots on writer sites and serves the control API on 127.0.0.1 (HOME/control.json).",
                "The passphrase comes from --passphrase-file or $PHOENIX_PASSPHRASE (never a prompt)."})
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Main main = Main.of(spec);
            Path dir = main.home();
            Home home = Session.openHome(dir);
            Daemon daemon = null;
            ControlServer control = null;
            try {
                char[] pass;
                try {
                    pass = main.passphrases().read(false);
                } catch (PassphraseException e) {
                    throw new CliException(ExitCode.KEY, e.getMessage(), e);
                }
                KeyRing keys;
                try {
                    keys = home.unlock(pass);
                } catch (WrongPassphraseException e) {
                    throw new CliException(ExitCode.KEY, e.getMessage(), e);
                }
                DaemonSettings settings = DaemonSettings.read(home.directory());
                Path swarmFile = home.directory().resolve(settings.swarmFile());
                if (!Files.exists(swarmFile)) {
                    throw new CliException(ExitCode.USAGE, "no swarm definition at " + swarmFile + " (set swarm_file in "
                            + home.directory().resolve(DaemonSettings.FILE) + ")");
                }
                SwarmDefinition def;
                try {
                    def = SwarmFile.read(swarmFile);
                } catch (InvalidSwarmDefinitionException | SwarmFileException e) {
                    throw new CliException(ExitCode.USAGE, "invalid swarm definition " + swarmFile + ": " + e.getMessage(), e);
                }
                // a site that is not a reader (storage, bridge) never even reads a swarm key file
                if (def.isReader(keys.peerId())) keys = NodeKeysFiles.withSwarmSecret(home.directory(), keys, pass);
                try {
                    daemon = Daemon.start(home, keys, def, settings);
                } catch (IllegalArgumentException e) {
                    throw new CliException(ExitCode.USAGE, e.getMessage(), e);
                }
                control = ControlServer.start(daemon, settings.controlPort());
                StringBuilder addrs = new StringBuilder();
                for (Multiaddr a : daemon.host().listenAddresses()) addrs.append(' ').append(a);
                main.out().println("phoenix node " + daemon.host().peerId() + " (site " + daemon.self().name() + ", swarm "
                        + def.name() + " " + daemon.swarmId() + ") listening on" + addrs + "; control " + control.url());
                main.out().flush();
                CountDownLatch stop = new CountDownLatch(1);
                Daemon d = daemon;
                ControlServer c = control;
                Thread hook = new Thread(() -> {
                    c.close();
                    d.close();
                    try {
                        home.close();
                    } catch (IOException ignored) {
                        // exiting anyway
                    }
                    stop.countDown();
                }, "phoenix-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                stop.await();
                return ExitCode.OK;
            } catch (RuntimeException | IOException e) {
                if (control != null) control.close();
                if (daemon != null) daemon.close();
                home.close();
                throw e;
            }
        }
    }
}
