package io.phoenix.node.daemon;

import io.phoenix.node.home.KeyRing;
import io.phoenix.node.home.PassphraseSeal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The swarm's shared repository secret in a home: {@code keys/swarm.secret}, a
 * {@link PassphraseSeal} of the 32-byte secret every reader of the swarm shares (the home's own
 * secret stays for local-only use). When present, the daemon encrypts and restores with it.
 */
public final class NodeKeysFiles {
    public static final String SWARM_SECRET = "swarm.secret";

    private NodeKeysFiles() {}

    public static void installSwarmSecret(Path home, byte[] secret, char[] passphrase, PassphraseSeal seal) throws IOException {
        Files.createDirectories(home.resolve("keys"));
        writePrivate(home.resolve("keys").resolve(SWARM_SECRET), seal.seal(passphrase, secret, new SecureRandom()));
    }

    /** {@code ring} with the swarm secret when the home has one. */
    public static KeyRing withSwarmSecret(Path home, KeyRing ring, char[] passphrase) throws IOException {
        Path f = home.resolve("keys").resolve(SWARM_SECRET);
        if (!Files.exists(f)) return ring;
        byte[] secret = PassphraseSeal.open(passphrase, Files.readAllBytes(f), f.toString());
        return KeyRing.of(ring.identity(), ring.writer(), secret);
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
