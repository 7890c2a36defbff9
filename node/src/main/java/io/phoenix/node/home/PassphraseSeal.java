package io.phoenix.node.home;

import io.phoenix.protocol.crypto.Argon2Params;
import io.phoenix.protocol.crypto.PassphraseBox;
import java.security.SecureRandom;

/**
 * The home's use of {@link PassphraseBox} (Argon2id + AES-256-GCM, layout in docs/format.md and
 * docs/operations.md): a cost setting plus node-level errors — a wrong passphrase becomes
 * {@link WrongPassphraseException} (an {@code IOException} naming the file), a damaged box an
 * {@link IllegalArgumentException} saying so.
 *
 * @param memoryKiB Argon2id memory cost
 * @param iterations Argon2id time cost
 * @param parallelism Argon2id lanes
 */
public record PassphraseSeal(int memoryKiB, int iterations, int parallelism) {
    /** {@link Argon2Params#DEFAULT}: 64 MiB, 3 passes, 1 lane. */
    public static final PassphraseSeal DEFAULT = new PassphraseSeal(
            Argon2Params.DEFAULT.memoryKiB(), Argon2Params.DEFAULT.iterations(), Argon2Params.DEFAULT.parallelism());

    public PassphraseSeal {
        new Argon2Params(memoryKiB, iterations, parallelism); // validates
    }

    public Argon2Params params() {
        return new Argon2Params(memoryKiB, iterations, parallelism);
    }

    public byte[] seal(char[] passphrase, byte[] secret, SecureRandom random) {
        return PassphraseBox.seal(secret, passphrase, params(), random);
    }

    /**
     * Opens a box with the cost recorded in it; {@code what} names it in errors.
     *
     * @throws WrongPassphraseException when the box is intact but the passphrase does not open it
     * @throws IllegalArgumentException when the box is damaged, truncated or of another version
     */
    public static byte[] open(char[] passphrase, byte[] sealed, String what) throws WrongPassphraseException {
        try {
            return PassphraseBox.open(sealed, passphrase);
        } catch (io.phoenix.protocol.crypto.WrongPassphraseException e) {
            throw new WrongPassphraseException("wrong passphrase: it does not open " + what);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }
}
