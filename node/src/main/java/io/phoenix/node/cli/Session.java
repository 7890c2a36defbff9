package io.phoenix.node.cli;

import io.phoenix.node.home.ConfigException;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.InUseException;
import io.phoenix.node.home.KeyRing;
import io.phoenix.node.home.PassphraseException;
import io.phoenix.node.home.WrongPassphraseException;
import io.phoenix.node.snapshot.Repository;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * An opened home for one command: the home lock, the unlocked keys, the block store and the
 * {@link Repository} over them. Maps the home's failures to CLI exit codes.
 */
final class Session implements AutoCloseable {
    /** Until a swarm definition is joined, manifests name this swarm. */
    static final String LOCAL_SWARM = "local";

    final Home home;
    final KeyRing keys;
    final BlockStore store;
    final Repository repo;

    private Session(Home home, KeyRing keys, BlockStore store) {
        this.home = home;
        this.keys = keys;
        this.store = store;
        this.repo = new Repository(store, keys.dataKeys(), keys.signer(), home.snapshotsDirectory(), LOCAL_SWARM,
                home.config().dataset(), Clock.systemUTC());
    }

    /** Opens the home, unlocks its keys (asking for the passphrase as configured) and opens the store. */
    static Session open(Main main) {
        Home home = openHome(main.home());
        char[] pass;
        try {
            pass = main.passphrases().read(false);
        } catch (PassphraseException e) {
            closeQuietly(home);
            throw new CliException(ExitCode.KEY, e.getMessage(), e);
        }
        return unlock(home, pass);
    }

    /** Opens the home at {@code dir} with a known passphrase (the demo's). */
    static Session open(Path dir, char[] pass) {
        return unlock(openHome(dir), pass);
    }

    private static Session unlock(Home home, char[] pass) {
        try {
            KeyRing keys;
            try {
                keys = home.unlock(pass);
            } catch (WrongPassphraseException e) {
                throw new CliException(ExitCode.KEY, e.getMessage() + " (nothing was changed)", e);
            } finally {
                java.util.Arrays.fill(pass, '\0');
            }
            return new Session(home, keys, home.openStore());
        } catch (IOException e) {
            closeQuietly(home);
            throw new CliException(ExitCode.FAILURE, ErrorReporter.describe(e), e);
        } catch (RuntimeException e) {
            closeQuietly(home);
            throw e;
        }
    }

    static Home openHome(Path dir) {
        if (!Files.exists(dir.resolve(Home.CONFIG_FILE))) {
            throw new CliException(ExitCode.FAILURE, "no Phoenix home at " + dir + " (run 'phoenix init' or give --home DIR / PHOENIX_HOME)");
        }
        try {
            return Home.open(dir);
        } catch (InUseException e) {
            throw new CliException(ExitCode.BUSY, e.getMessage() + " (try again when it is done)", e);
        } catch (ConfigException e) {
            throw new CliException(ExitCode.FAILURE, "bad configuration: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, ErrorReporter.describe(e), e);
        }
    }

    private static void closeQuietly(Home home) {
        try {
            home.close();
        } catch (IOException ignored) {
            // the original failure is what the user needs to see
        }
    }

    @Override
    public void close() throws IOException {
        try {
            store.close();
        } finally {
            home.close();
        }
    }
}
