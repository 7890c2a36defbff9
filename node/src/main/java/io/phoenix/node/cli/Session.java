package io.phoenix.node.cli;

import io.phoenix.node.Trace;
import io.phoenix.node.daemon.DaemonSettings;
import io.phoenix.node.daemon.NodeKeysFiles;
import io.phoenix.node.home.ConfigException;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.HomeKeys;
import io.phoenix.node.home.KeyRing;
import io.phoenix.node.home.PassphraseException;
import io.phoenix.node.home.PassphraseSource;
import io.phoenix.node.home.WrongPassphraseException;
import io.phoenix.node.snapshot.Repository;
import io.phoenix.node.store.InUseException;
import io.phoenix.node.swarm.SwarmFile;
import io.phoenix.protocol.block.DataKeys;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.swarm.InvalidSwarmDefinitionException;
import io.phoenix.protocol.swarm.SwarmDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An opened home for one command: the home lock, the unlocked keys, the block store and the
 * {@link Repository} over them. Maps the home's failures to CLI exit codes.
 */
final class Session implements AutoCloseable {
    /** Until a swarm definition is joined, manifests name this swarm. */
    static final String LOCAL_SWARM = "local";

    final Home home;
    private final CompletableFuture<KeyRing> unlocking;
    /** Completes before {@link #unlocking}: the data keys need only the repository secret. */
    private final CompletableFuture<DataKeys> dataKeys;
    final BlockStore store;
    private final Optional<SwarmDefinition> swarm;
    final Repository repo;

    private Session(Home home, KeyRing keys, BlockStore store) {
        this(home, new Unlocking(CompletableFuture.completedFuture(keys.dataKeys()), CompletableFuture.completedFuture(keys)), store);
    }

    private Session(Home home, Unlocking unlocking, BlockStore store) {
        this.home = home;
        this.unlocking = unlocking.ring();
        this.dataKeys = unlocking.dataKeys();
        this.store = store;
        this.swarm = readSwarm(home);
        this.repo = new Repository(store, this::dataKeys, () -> keys().signer(), home.snapshotsDirectory(), swarmId(),
                home.config().dataset(), Clock.systemUTC());
    }

    /** The two stages of unlocking: the data keys first, then the whole ring. */
    private record Unlocking(CompletableFuture<DataKeys> dataKeys, CompletableFuture<KeyRing> ring) {
        void cancel() {
            dataKeys.cancel(false);
            ring.cancel(false);
        }
    }

    /** Opens the home, unlocks its keys (asking for the passphrase as configured) and opens the store. */
    static Session open(Main main) {
        Home home = openHome(main.home());
        return unlock(home, passphrase(main, home));
    }

    /** The passphrase as configured (file, environment, terminal); closes {@code home} when there is none. */
    private static char[] passphrase(Main main, Home home) {
        try {
            return main.passphrases().read(false);
        } catch (PassphraseException e) {
            closeQuietly(home);
            throw new CliException(ExitCode.KEY, e.getMessage(), e);
        }
    }

    /**
     * Like {@link #open(Main)}, but the passphrase KDF (Argon2id, ~0.2 s warm and up to ~1 s in a
     * fresh JVM) runs on its own thread while the command goes on: the repository asks for the keys
     * when it first needs them (the snapshot engine: at the first block to encode, after scanning
     * has begun). Nothing is written before the keys are there. A command using this session calls
     * {@link #checkUnlocked()} when its work fails, so that a wrong passphrase is reported as such.
     */
    static Session openUnlocking(Main main) {
        PassphraseSource source = main.passphrases();
        if (source.file() == null && !source.env().containsKey(PassphraseSource.ENV)) {
            // asking on the terminal: take the lock first, so nobody types a passphrase for a busy home
            Home home = openHome(main.home());
            return openUnlocking(home, startUnlock(home.directory(), passphrase(main, home)));
        }
        // from a file or the environment: the KDF starts before the home is opened (config parse, lock)
        Path dir = requireHome(main.home());
        char[] pass;
        try {
            pass = source.read(false);
        } catch (PassphraseException e) {
            throw new CliException(ExitCode.KEY, e.getMessage(), e);
        }
        Unlocking unlocking = startUnlock(dir, pass);
        try {
            return openUnlocking(openHome(dir), unlocking);
        } catch (RuntimeException e) {
            unlocking.cancel();
            throw e;
        }
    }

    private static Session openUnlocking(Home home, Unlocking unlocking) {
        try {
            Trace.mark("home open");
            return new Session(home, unlocking, home.openStore());
        } catch (IOException e) {
            closeQuietly(home);
            throw new CliException(ExitCode.FAILURE, ErrorReporter.describe(e), e);
        }
    }

    /**
     * Unlocks the keys of the home at {@code dir} on a thread of its own; wipes {@code pass} when
     * done. The data keys (with the swarm's secret when the home holds one, as the daemon uses)
     * are handed out as soon as the repository secret is unwrapped, before the signing keys.
     */
    private static Unlocking startUnlock(Path dir, char[] pass) {
        Unlocking u = new Unlocking(new CompletableFuture<>(), new CompletableFuture<>());
        Thread.ofPlatform().daemon().name("phoenix-unlock").start(() -> {
            try {
                HomeKeys.Opened opened = Home.openKeys(dir, pass);
                byte[] swarmSecret = NodeKeysFiles.swarmSecret(dir, opened.reader(), pass);
                byte[] secret = swarmSecret != null ? swarmSecret : opened.repositorySecret().bytes();
                u.dataKeys().complete(DataKeys.derive(secret));
                Trace.mark("data keys ready");
                u.ring().complete(opened.ring(secret));
                Trace.mark("keys unlocked");
            } catch (Throwable t) {
                u.dataKeys().completeExceptionally(t);
                u.ring().completeExceptionally(t);
            } finally {
                Arrays.fill(pass, '\0');
            }
        });
        return u;
    }

    /** The data keys, waiting for them if needed; failures as {@link #keys()}. */
    DataKeys dataKeys() {
        try {
            return dataKeys.join();
        } catch (CompletionException e) {
            keys(); // the ring failed the same way: reported as keys() reports it
            throw e;
        }
    }

    /** The unlocked keys, waiting for them if needed; a wrong passphrase is a {@link CliException} (exit KEY). */
    KeyRing keys() {
        try {
            return unlocking.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WrongPassphraseException w) {
                throw new CliException(ExitCode.KEY, w.getMessage() + " (nothing was changed)", w);
            }
            if (cause instanceof IOException io) throw new CliException(ExitCode.FAILURE, ErrorReporter.describe(io), io);
            if (cause instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** Throws what unlocking the keys threw, if it failed (to be called when the work failed). */
    void checkUnlocked() {
        if (unlocking.isCompletedExceptionally()) keys();
    }

    /**
     * The home's keys, with the swarm's data key when the home holds one ({@code keys/swarm.wrap}
     * from 'phoenix swarm install-key', or the testnet's {@code keys/swarm.secret}): the key the
     * node's daemon uses, so that the CLI reads and writes the same snapshots as the daemon.
     */
    private static KeyRing unlockWithSwarmKey(Home home, char[] pass) throws IOException {
        return NodeKeysFiles.withSwarmSecret(home.directory(), home.unlock(pass), pass);
    }

    /** The home's swarm definition (daemon.toml's swarm_file, default swarm.toml), if it has one. */
    private static Optional<SwarmDefinition> readSwarm(Home home) {
        try {
            Path file = home.directory().resolve(DaemonSettings.read(home.directory()).swarmFile());
            if (!Files.exists(file)) return Optional.empty();
            return Optional.of(SwarmFile.read(file));
        } catch (IOException | InvalidSwarmDefinitionException e) {
            throw new CliException(ExitCode.USAGE, "invalid swarm definition in home " + home.directory() + ": " + e.getMessage(), e);
        }
    }

    /** The home's swarm, read once when the session opened. */
    Optional<SwarmDefinition> swarm() {
        return swarm;
    }

    /**
     * The swarm id manifests written here carry: the home's swarm when it has one, as the daemon's
     * manifests do, else {@link #LOCAL_SWARM}.
     */
    String swarmId() {
        return swarm.map(d -> d.id().toString()).orElse(LOCAL_SWARM);
    }

    /** Opens the home at {@code dir} with a known passphrase (the demo's). */
    static Session open(Path dir, char[] pass) {
        return unlock(openHome(dir), pass);
    }

    private static Session unlock(Home home, char[] pass) {
        try {
            KeyRing keys;
            try {
                keys = unlockWithSwarmKey(home, pass);
            } catch (WrongPassphraseException e) {
                throw new CliException(ExitCode.KEY, e.getMessage() + " (nothing was changed)", e);
            } finally {
                Arrays.fill(pass, '\0');
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
        try {
            return Home.open(requireHome(dir));
        } catch (InUseException e) {
            throw new CliException(ExitCode.BUSY, e.getMessage() + " (try again when it is done)", e);
        } catch (ConfigException e) {
            throw new CliException(ExitCode.FAILURE, "bad configuration: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, ErrorReporter.describe(e), e);
        }
    }

    /** {@code dir}, absolute, when it is a Phoenix home (has a config file); else the CLI's error. */
    private static Path requireHome(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.exists(root.resolve(Home.CONFIG_FILE))) {
            throw new CliException(ExitCode.FAILURE, "no Phoenix home at " + dir + " (run 'phoenix init' or give --home DIR / PHOENIX_HOME)");
        }
        return root;
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
        unlocking.cancel(false); // a command that failed early does not wait for the KDF
        dataKeys.cancel(false);
        try {
            store.close();
        } finally {
            home.close();
        }
    }
}
