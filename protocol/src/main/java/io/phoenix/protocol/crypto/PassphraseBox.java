package io.phoenix.protocol.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Secrets at rest under a passphrase: Argon2id (parameters in the header) and AES-256-GCM, plus
 * an unkeyed SHA-256 checksum so damage is told apart from a wrong passphrase.
 *
 * <pre>
 * 0   4  magic "PHXB"
 * 4   1  version 0x01
 * 5   1  KDF 0x01 = Argon2id v1.3
 * 6   4  memory KiB (u32 big-endian)
 * 10  4  iterations (u32 big-endian)
 * 14  1  parallelism
 * 15  16 salt
 * 31  12 nonce
 * 43  n+16  AES-256-GCM(key = Argon2id(UTF-8 passphrase, salt), nonce, aad = bytes 0..43, plaintext)
 * end 32 SHA-256 of every preceding byte
 * </pre>
 */
public final class PassphraseBox {
    public static final byte[] MAGIC = {'P', 'H', 'X', 'B'};
    public static final int VERSION = 1;
    public static final int KDF_ARGON2ID = 1;
    public static final int HEADER_LENGTH = 43;
    public static final int CHECKSUM_LENGTH = 32;
    public static final int OVERHEAD = HEADER_LENGTH + Aead.TAG + CHECKSUM_LENGTH;
    /** Largest sealed file accepted by {@link #open}. */
    public static final int MAX_SEALED = 1024 * 1024;

    private PassphraseBox() {}

    public static byte[] seal(byte[] plaintext, char[] passphrase, Argon2Params params, SecureRandom random) {
        if (plaintext.length > MAX_SEALED - OVERHEAD) throw new IllegalArgumentException("plaintext too large to seal");
        ByteBuffer h = ByteBuffer.allocate(HEADER_LENGTH);
        h.put(MAGIC).put((byte) VERSION).put((byte) KDF_ARGON2ID)
                .putInt(params.memoryKiB()).putInt(params.iterations()).put((byte) params.parallelism());
        byte[] salt = new byte[16];
        byte[] nonce = new byte[Aead.NONCE];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        h.put(salt).put(nonce);
        byte[] header = h.array();
        byte[] key = argon2(passphrase, salt, params);
        byte[] ct = Aead.seal(key, nonce, header, plaintext);
        Arrays.fill(key, (byte) 0);
        byte[] out = new byte[header.length + ct.length + CHECKSUM_LENGTH];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(ct, 0, out, header.length, ct.length);
        System.arraycopy(sha256(out, out.length - CHECKSUM_LENGTH), 0, out, out.length - CHECKSUM_LENGTH, CHECKSUM_LENGTH);
        return out;
    }

    /**
     * Opens a sealed file. {@link WrongPassphraseException} when the file is intact but the
     * passphrase is wrong; {@link CryptoFormatException} when it is damaged, truncated, not a
     * Phoenix box, or of an unsupported version/parameters.
     */
    public static byte[] open(byte[] sealed, char[] passphrase) throws WrongPassphraseException {
        if (sealed.length < 4 || !Arrays.equals(sealed, 0, 4, MAGIC, 0, 4)) throw new CryptoFormatException("not a Phoenix passphrase box (bad magic)");
        if (sealed.length < OVERHEAD) throw new CryptoFormatException("passphrase box truncated: " + sealed.length + " bytes, need at least " + OVERHEAD);
        if (sealed.length > MAX_SEALED) throw new CryptoFormatException("passphrase box of " + sealed.length + " bytes exceeds " + MAX_SEALED);
        int end = sealed.length - CHECKSUM_LENGTH;
        if (!MessageDigest.isEqual(sha256(sealed, end), Arrays.copyOfRange(sealed, end, sealed.length))) {
            throw new CryptoFormatException("passphrase box is damaged or truncated (checksum mismatch); restore it from a backup copy");
        }
        ByteBuffer h = ByteBuffer.wrap(sealed, 4, HEADER_LENGTH - 4);
        int version = h.get() & 0xff;
        if (version != VERSION) throw new CryptoFormatException("passphrase box version " + version + " is not supported (this build reads version " + VERSION + ")");
        int kdf = h.get() & 0xff;
        if (kdf != KDF_ARGON2ID) throw new CryptoFormatException("passphrase box uses unknown KDF " + kdf);
        long memory = h.getInt() & 0xffffffffL;
        long iterations = h.getInt() & 0xffffffffL;
        int parallelism = h.get() & 0xff;
        String problem = Argon2Params.problem(memory, iterations, parallelism);
        if (problem != null) throw new CryptoFormatException("passphrase box has unsupported parameters: " + problem);
        byte[] salt = new byte[16];
        byte[] nonce = new byte[Aead.NONCE];
        h.get(salt).get(nonce);
        byte[] key = argon2(passphrase, salt, new Argon2Params((int) memory, (int) iterations, parallelism));
        byte[] plain = Aead.open(key, nonce, Arrays.copyOf(sealed, HEADER_LENGTH), sealed, HEADER_LENGTH, end - HEADER_LENGTH);
        Arrays.fill(key, (byte) 0);
        if (plain == null) throw new WrongPassphraseException("wrong passphrase: the file is intact but this passphrase does not open it");
        return plain;
    }

    private static byte[] argon2(char[] passphrase, byte[] salt, Argon2Params p) {
        ByteBuffer enc = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] pw = new byte[enc.remaining()];
        enc.get(pw);
        byte[] key = Argon2id.hash(pw, salt, p);
        Arrays.fill(pw, (byte) 0);
        return key;
    }

    private static byte[] sha256(byte[] b, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, 0, len);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
