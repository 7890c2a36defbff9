package io.phoenix.node.home;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Encrypts a secret under a passphrase: Argon2id stretches the passphrase (UTF-8) into an AES-256
 * key, AES-256-GCM seals the secret with the whole header as associated data. Layout, version 1:
 *
 * <pre>
 * offset size
 *  0      4   magic "PXSL"
 *  4      1   version = 1
 *  5      4   Argon2id memory in KiB (big-endian)
 *  9      4   Argon2id iterations (big-endian)
 * 13      1   Argon2id parallelism
 * 14     16   salt
 * 30     12   GCM nonce
 * 42      n   ciphertext ‖ 16-byte tag
 * </pre>
 *
 * @param memoryKiB Argon2id memory cost
 * @param iterations Argon2id time cost
 * @param parallelism Argon2id lanes
 */
public record PassphraseSeal(int memoryKiB, int iterations, int parallelism) {
    /** 64 MiB, 3 passes, 1 lane: about 0.3 s on one core of the CI machine. */
    public static final PassphraseSeal DEFAULT = new PassphraseSeal(64 * 1024, 3, 1);
    static final byte[] MAGIC = {'P', 'X', 'S', 'L'};
    static final int VERSION = 1;
    static final int HEADER = 42;
    private static final int MAX_MEMORY_KIB = 1024 * 1024;

    public PassphraseSeal {
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) throw new IllegalArgumentException("Argon2id memory out of range: " + memoryKiB + " KiB");
        if (iterations < 1 || iterations > 100) throw new IllegalArgumentException("Argon2id iterations out of range: " + iterations);
        if (parallelism < 1 || parallelism > 16) throw new IllegalArgumentException("Argon2id parallelism out of range: " + parallelism);
    }

    public byte[] seal(char[] passphrase, byte[] secret, SecureRandom random) {
        ByteBuffer out = ByteBuffer.allocate(HEADER + secret.length + 16);
        out.put(MAGIC).put((byte) VERSION).putInt(memoryKiB).putInt(iterations).put((byte) parallelism);
        byte[] salt = new byte[16];
        byte[] nonce = new byte[12];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        out.put(salt).put(nonce);
        byte[] key = stretch(passphrase, salt);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            gcm.updateAAD(out.array(), 0, HEADER);
            gcm.doFinal(secret, 0, secret.length, out.array(), HEADER);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Opens a sealed secret with the parameters recorded in it.
     *
     * @throws WrongPassphraseException when the passphrase (or the data) does not authenticate
     * @throws IllegalArgumentException when {@code sealed} is not a version-1 sealed secret
     */
    public static byte[] open(char[] passphrase, byte[] sealed, String what) throws WrongPassphraseException {
        if (sealed.length < HEADER + 16 || !Arrays.equals(sealed, 0, 4, MAGIC, 0, 4)) {
            throw new IllegalArgumentException(what + " is not a Phoenix sealed secret");
        }
        ByteBuffer in = ByteBuffer.wrap(sealed);
        in.position(4);
        int version = in.get() & 0xFF;
        if (version != VERSION) throw new IllegalArgumentException(what + ": unsupported sealed secret version " + version);
        PassphraseSeal params = new PassphraseSeal(in.getInt(), in.getInt(), in.get() & 0xFF);
        byte[] salt = new byte[16];
        byte[] nonce = new byte[12];
        in.get(salt).get(nonce);
        byte[] key = params.stretch(passphrase, salt);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            gcm.updateAAD(sealed, 0, HEADER);
            return gcm.doFinal(sealed, HEADER, sealed.length - HEADER);
        } catch (AEADBadTagException e) {
            throw new WrongPassphraseException("wrong passphrase: it does not open " + what);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private byte[] stretch(char[] passphrase, byte[] salt) {
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] pass = new byte[utf8.remaining()];
        utf8.get(pass);
        Arrays.fill(utf8.array(), (byte) 0);
        Argon2BytesGenerator argon = new Argon2BytesGenerator();
        argon.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB).withIterations(iterations).withParallelism(parallelism)
                .withSalt(salt).build());
        byte[] key = new byte[32];
        argon.generateBytes(pass, key);
        Arrays.fill(pass, (byte) 0);
        return key;
    }
}
