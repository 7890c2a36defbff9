package io.phoenix.node.daemon;

import io.phoenix.node.home.HomeException;
import io.phoenix.node.home.KeyRing;
import io.phoenix.node.home.PassphraseSeal;
import io.phoenix.protocol.crypto.CryptoFormatException;
import io.phoenix.protocol.crypto.KeyWrap;
import io.phoenix.protocol.crypto.ReaderKeyPair;
import io.phoenix.protocol.crypto.RepositorySecret;
import io.phoenix.protocol.crypto.WrongReaderKeyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The swarm's repository secret in a home, the one every reader of the swarm decrypts with (the
 * home's own secret, {@code keys/repository.wrap}, stays for local-only use):
 *
 * <ul>
 *   <li>{@code keys/swarm.wrap}: the swarm secret wrapped for this home's reader key
 *       ({@link KeyWrap}, 1,185 bytes), made by a writer with {@code phoenix swarm wrap-key} and
 *       installed with {@code phoenix swarm install-key} (docs/crypto.md §8);
 *   <li>{@code keys/swarm.secret}: the secret sealed with the home's passphrase
 *       ({@link PassphraseSeal}); used by the demo, which creates every home itself.
 * </ul>
 *
 * A writer without either encrypts with its own secret: that is then the swarm secret it wraps for
 * readers.
 */
public final class NodeKeysFiles {
    public static final String SWARM_SECRET = "swarm.secret";
    public static final String SWARM_WRAP = "swarm.wrap";

    private NodeKeysFiles() {}

    public static void installSwarmSecret(Path home, byte[] secret, char[] passphrase, PassphraseSeal seal) throws IOException {
        Files.createDirectories(home.resolve("keys"));
        writePrivate(home.resolve("keys").resolve(SWARM_SECRET), seal.seal(passphrase, secret, new SecureRandom()));
    }

    /**
     * Installs a swarm secret wrapped for this home's reader key after checking that {@code ring}'s
     * reader key opens it; returns the secret.
     *
     * @throws HomeException when the wrap is for another reader key or damaged (nothing is written)
     */
    public static RepositorySecret installSwarmWrap(Path home, KeyRing ring, byte[] wrap) throws IOException {
        RepositorySecret secret = unwrap(wrap, ring, "the wrapped key");
        Files.createDirectories(home.resolve("keys"));
        writePrivate(home.resolve("keys").resolve(SWARM_WRAP), wrap);
        return secret;
    }

    /** True when the home holds the swarm secret (wrapped for its reader key or sealed). */
    public static boolean hasSwarmKey(Path home) {
        return Files.exists(home.resolve("keys").resolve(SWARM_WRAP)) || Files.exists(home.resolve("keys").resolve(SWARM_SECRET));
    }

    /** {@code ring} with the swarm secret when the home has one ({@code swarm.wrap} first). */
    public static KeyRing withSwarmSecret(Path home, KeyRing ring, char[] passphrase) throws IOException {
        byte[] secret = swarmSecret(home, ring.reader(), passphrase);
        return secret == null ? ring : ring.withRepositorySecret(secret);
    }

    /** The swarm secret when the home has one ({@code swarm.wrap} first, opened with {@code reader}), else null. */
    public static byte[] swarmSecret(Path home, ReaderKeyPair reader, char[] passphrase) throws IOException {
        Path w = home.resolve("keys").resolve(SWARM_WRAP);
        if (Files.exists(w)) return unwrap(Files.readAllBytes(w), reader, w.toString()).bytes();
        Path f = home.resolve("keys").resolve(SWARM_SECRET);
        if (!Files.exists(f)) return null;
        return PassphraseSeal.open(passphrase, Files.readAllBytes(f), f.toString());
    }

    private static RepositorySecret unwrap(byte[] wrap, KeyRing ring, String what) throws HomeException {
        return unwrap(wrap, ring.reader(), what);
    }

    private static RepositorySecret unwrap(byte[] wrap, ReaderKeyPair reader, String what) throws HomeException {
        if (reader == null) throw new HomeException("this home has no reader key to open " + what);
        try {
            return KeyWrap.unwrap(wrap, reader);
        } catch (WrongReaderKeyException e) {
            throw new HomeException(what + " is wrapped for another reader key, not this home's (" + e.getMessage()
                    + "): ask the writer to run 'phoenix swarm wrap-key' with this home's keys/reader.pub", e);
        } catch (CryptoFormatException e) {
            throw new HomeException(what + " is damaged: " + e.getMessage(), e);
        }
    }

    static void writePrivate(Path file, byte[] data) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, data);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
