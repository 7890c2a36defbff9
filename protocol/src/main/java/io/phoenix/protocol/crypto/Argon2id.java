package io.phoenix.protocol.crypto;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106, version 0x13), 32-byte output, no secret or associated data. Computed by the
 * reference C implementation (argon2-jvm, which bundles it for Linux x86-64, aarch64 and arm) when
 * it loads, else by Bouncy Castle; both give the same bytes ({@code Argon2idTest}). Why native: a
 * command stretches the passphrase once, in a fresh JVM, where Bouncy Castle's Java runs mostly
 * interpreted: measured 0.85 s for 64 MiB x 3 passes (0.21 s once compiled) against 0.28 s for the
 * C library including loading it, and the KDF sits on every command's critical path.
 */
public final class Argon2id {
    private static final Argon2Advanced NATIVE = loadNative();

    private Argon2id() {}

    /** The 32-byte Argon2id hash of {@code password} (bytes) under {@code salt} and {@code p}. */
    public static byte[] hash(byte[] password, byte[] salt, Argon2Params p) {
        if (NATIVE != null) {
            try {
                return NATIVE.rawHash(p.iterations(), p.memoryKiB(), p.parallelism(), password, salt);
            } catch (LinkageError | RuntimeException e) {
                // a broken native library: the Java implementation gives the same result
            }
        }
        return bouncyCastle(password, salt, p);
    }

    /** "native" or "bouncycastle": which implementation {@link #hash} uses. */
    public static String implementation() {
        return NATIVE != null ? "native" : "bouncycastle";
    }

    static byte[] bouncyCastle(byte[] password, byte[] salt, Argon2Params p) {
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(p.memoryKiB()).withIterations(p.iterations()).withParallelism(p.parallelism()).build());
        byte[] key = new byte[32];
        g.generateBytes(password, key);
        return key;
    }

    private static Argon2Advanced loadNative() {
        if (System.getenv("PHOENIX_ARGON2_JAVA") != null) return null; // force the Java implementation
        try {
            Argon2Advanced a = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id);
            // prove it works (and gives the standard result) before trusting it: RFC 9106-sized
            // inputs are too slow for a start-up check, so a tiny instance against Bouncy Castle
            Argon2Params tiny = new Argon2Params(64, 1, 1);
            byte[] pw = {'p', 'h', 'x'};
            byte[] salt = new byte[16];
            if (!Arrays.equals(a.rawHash(tiny.iterations(), tiny.memoryKiB(), tiny.parallelism(), pw, salt),
                    bouncyCastle(pw, salt, tiny))) {
                return null;
            }
            return a;
        } catch (LinkageError | RuntimeException e) {
            return null; // no native library for this platform: Bouncy Castle
        }
    }
}
