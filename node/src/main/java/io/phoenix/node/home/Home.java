package io.phoenix.node.home;

import io.phoenix.node.store.DirectoryLock;
import io.phoenix.node.store.pack.PackBlockStore;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

/**
 * A node's home directory, opened and exclusively locked for the life of this object.
 *
 * <pre>
 * HOME/
 *   config.toml        node configuration ({@link Config})
 *   home.lock          OS lock held while a process uses the home; holds that process's pid
 *   keys/              identity, writer and reader keys, repository secret (see {@link HomeKeys})
 *   store/             the block store (default; {@code [store] path} may move it)
 *   snapshots/         the local manifest history (refs written by the snapshot engine)
 *   logs/              daemon logs
 * </pre>
 */
public final class Home implements AutoCloseable {
    public static final String ENV_HOME = "PHOENIX_HOME";
    public static final String CONFIG_FILE = "config.toml";

    private final Path dir;
    private final DirectoryLock lock;
    private volatile Config config;

    private Home(Path dir, DirectoryLock lock, Config config) {
        this.dir = dir;
        this.lock = lock;
        this.config = config;
    }

    /** The home to use: {@code --home} if given, else {@code $PHOENIX_HOME}, else {@code ~/.phoenix}. */
    public static Path locate(Path option, Map<String, String> env) {
        if (option != null) return option.toAbsolutePath().normalize();
        String fromEnv = env.get(ENV_HOME);
        if (fromEnv != null && !fromEnv.isBlank()) return Path.of(fromEnv).toAbsolutePath().normalize();
        return Path.of(System.getProperty("user.home"), ".phoenix");
    }

    /**
     * Creates a home in {@code dir} (which must be absent or empty): directories, config.toml, and
     * every key (see {@link HomeKeys#create}). Returns it opened and locked.
     */
    public static Home init(Path dir, InitOptions options) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        if (Files.exists(root.resolve(CONFIG_FILE))) {
            throw new HomeException("home " + root + " is already initialised (it has " + CONFIG_FILE + ")");
        }
        if (Files.isDirectory(root)) {
            try (var entries = Files.list(root)) {
                var other = entries.map(p -> p.getFileName().toString()).filter(n -> !n.equals("home.lock")).findFirst();
                if (other.isPresent()) {
                    throw new HomeException("refusing to initialise " + root + ": the directory is not empty (found " + other.get() + ")");
                }
            }
        }
        Files.createDirectories(root);
        DirectoryLock lock = DirectoryLock.acquire(root.resolve("home.lock"), "home " + root);
        try {
            Config config = options.config();
            for (String sub : new String[] {"keys", "snapshots", "logs"}) Files.createDirectories(root.resolve(sub));
            HomeKeys.create(root.resolve("keys"), options);
            Files.createDirectories(config.storeDirectory(root));
            config.write(root.resolve(CONFIG_FILE)); // written last: its presence marks a complete home
            return new Home(root, lock, config);
        } catch (IOException | RuntimeException e) {
            try {
                removePartialHome(root); // the directory was empty: leave it so a retried init can proceed
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            } finally {
                lock.close();
            }
            throw e;
        }
    }

    private static void removePartialHome(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(root) && !p.equals(root.resolve("home.lock"))) Files.deleteIfExists(p);
            }
        }
    }

    /** Opens an initialised home, taking its lock. */
    public static Home open(Path dir) throws IOException, ConfigException {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.exists(root.resolve(CONFIG_FILE))) {
            throw new HomeException("no Phoenix home at " + root + " (no " + CONFIG_FILE + "): run 'phoenix init' first, or pass --home / set " + ENV_HOME);
        }
        DirectoryLock lock = DirectoryLock.acquire(root.resolve("home.lock"), "home " + root);
        try {
            Config config = Config.read(root.resolve(CONFIG_FILE));
            return new Home(root, lock, config);
        } catch (IOException | ConfigException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    public Path directory() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve(CONFIG_FILE);
    }

    public Path keysDirectory() {
        return dir.resolve("keys");
    }

    public Path snapshotsDirectory() {
        return dir.resolve("snapshots");
    }

    public Path logsDirectory() {
        return dir.resolve("logs");
    }

    /** The block store directory named by the config (default {@code HOME/store}). */
    public Path storeDirectory() {
        return config.storeDirectory(dir);
    }

    public Config config() {
        return config;
    }

    /** Replaces config.toml atomically. */
    public void saveConfig(Config newConfig) throws IOException {
        newConfig.write(configFile());
        this.config = newConfig;
    }

    /**
     * Opens the home's block store, the pack store (created when the directory is empty). A store
     * directory of another layout is refused with an {@link IOException} saying what to do.
     */
    public BlockStore openStore() throws IOException {
        return PackBlockStore.open(storeDirectory());
    }

    /** Public key material, readable without the passphrase. */
    public HomeKeys.PublicKeys publicKeys() throws IOException {
        return HomeKeys.readPublic(keysDirectory());
    }

    /** Decrypts the keys with the passphrase; {@link WrongPassphraseException} if it does not open them. */
    public KeyRing unlock(char[] passphrase) throws IOException {
        return HomeKeys.unlock(keysDirectory(), passphrase);
    }

    /**
     * Decrypts the keys of the home at {@code dir} without taking its lock, so that it works while
     * the home's daemon runs (key files are written once by init and never change).
     */
    /** The first step of {@link #unlockKeys} (see {@link HomeKeys.Opened}): the KDF and the repository secret. */
    public static HomeKeys.Opened openKeys(Path dir, char[] passphrase) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.exists(root.resolve(CONFIG_FILE))) throw new HomeException("no Phoenix home at " + root + " (no " + CONFIG_FILE + ")");
        return HomeKeys.open(root.resolve("keys"), passphrase);
    }

    public static KeyRing unlockKeys(Path dir, char[] passphrase) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.exists(root.resolve(CONFIG_FILE))) throw new HomeException("no Phoenix home at " + root + " (no " + CONFIG_FILE + ")");
        return HomeKeys.unlock(root.resolve("keys"), passphrase);
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}
