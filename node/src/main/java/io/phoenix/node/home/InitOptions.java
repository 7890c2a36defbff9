package io.phoenix.node.home;

import java.security.SecureRandom;

/**
 * What {@link Home#init} needs.
 *
 * @param config the configuration to write (e.g. {@link Config#defaults} plus layers)
 * @param passphrase protects the secrets on disk
 * @param random source of every key
 * @param seal Argon2id cost of the passphrase encryption ({@link PassphraseSeal#DEFAULT}; tests use less)
 */
public record InitOptions(Config config, char[] passphrase, SecureRandom random, PassphraseSeal seal) {
    public InitOptions {
        if (config == null || random == null || seal == null) throw new IllegalArgumentException("config, random and seal are required");
        if (passphrase == null || passphrase.length == 0) throw new IllegalArgumentException("a non-empty passphrase is required");
    }

    /** Default configuration for {@code dataset}, a strong random source, default Argon2id cost. */
    public static InitOptions of(String dataset, char[] passphrase) {
        return new InitOptions(Config.defaults(dataset), passphrase, new SecureRandom(), PassphraseSeal.DEFAULT);
    }

    public InitOptions withConfig(Config c) {
        return new InitOptions(c, passphrase, random, seal);
    }
}
