package io.phoenix.node.cli;

import io.phoenix.protocol.json.Json;
import io.phoenix.node.daemon.Daemon;
import io.phoenix.node.daemon.DaemonSettings;
import io.phoenix.node.daemon.NodeKeysFiles;
import io.phoenix.node.swarm.SwarmFile;
import io.phoenix.node.daemon.SwarmRestore;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.KeyRing;
import io.phoenix.node.home.PassphraseException;
import io.phoenix.node.home.WrongPassphraseException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code phoenix swarm-restore latest --to DIR}: restore from the swarm on a bare machine (the
 * {@code --from-swarm} restore). The home needs only its keys, the swarm secret and the swarm file.
 */
@Command(name = "swarm-restore", mixinStandardHelpOptions = true,
        description = {"Restore the latest snapshot of the swarm into DIR on a machine that holds nothing but its keys,",
            "the swarm secret and the swarm file: joins the swarm, pulls every block from the peers that hold them",
            "(verified by CID), then restores and checks every file's digest."})
public final class SwarmRestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "latest", description = "Only 'latest' is supported.")
    String which = "latest";

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "Target directory (layers go to DIR/<layer>).")
    Path to;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default 3600).")
    long timeout = 3600;

    @Option(names = "--json", description = "Print one JSON object with the result.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        return restore(Main.of(spec), which, to, timeout, json);
    }

    /** The swarm restore, shared with {@code phoenix restore latest --to DIR --from-swarm}. */
    static int restore(Main main, String which, Path to, long timeout, boolean json) throws Exception {
        if (!which.equals("latest")) throw new CliException(ExitCode.USAGE, "only 'latest' can be restored from the swarm");
        try (Home home = Session.openHome(main.home())) {
            char[] pass;
            try {
                pass = main.passphrases().read(false);
            } catch (PassphraseException e) {
                throw new CliException(ExitCode.KEY, e.getMessage(), e);
            }
            KeyRing keys;
            try {
                keys = NodeKeysFiles.withSwarmSecret(home.directory(), home.unlock(pass), pass);
            } catch (WrongPassphraseException e) {
                throw new CliException(ExitCode.KEY, e.getMessage(), e);
            }
            DaemonSettings settings = DaemonSettings.read(home.directory());
            var def = SwarmFile.read(home.directory().resolve(settings.swarmFile()));
            try (Daemon d = Daemon.start(home, keys, def, new DaemonSettings(settings.swarmFile(), 0, Duration.ofSeconds(2), 0,
                    settings.anomalyCheck(), false, false))) {
                SwarmRestore.Outcome o;
                try {
                    o = SwarmRestore.latest(d, to.toAbsolutePath(), Duration.ofSeconds(timeout));
                } catch (IllegalStateException e) {
                    throw new CliException(ExitCode.FAILURE, e.getMessage(), e);
                }
                Map<String, Object> r = Json.object();
                r.put("snapshot", o.manifest().toString());
                r.put("sequence", o.sequence());
                r.put("files", o.stats().files.get());
                r.put("bytes", o.stats().bytes.get());
                r.put("fetch_seconds", o.fetch().toMillis() / 1000.0);
                r.put("restore_seconds", o.restore().toMillis() / 1000.0);
                r.put("damage", o.damage().lines());
                if (json) main.out().println(Json.write(r));
                else main.out().println("restored snapshot #" + o.sequence() + " " + o.manifest() + " into " + to + ": "
                        + o.stats().files.get() + " files, " + o.stats().bytes.get() + " bytes (fetch " + o.fetch().toSeconds()
                        + " s, restore " + o.restore().toSeconds() + " s)" + (o.damage().any() ? "; DAMAGE: " + o.damage().lines() : ""));
                return o.damage().any() ? ExitCode.DAMAGE : ExitCode.OK;
            }
        }
    }
}
