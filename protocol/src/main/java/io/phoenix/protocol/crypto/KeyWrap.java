package io.phoenix.protocol.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMExtractor;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPublicKeyParameters;

/**
 * Wraps the repository secret for one reader with a hybrid X25519 + ML-KEM-768 KEM: both shared
 * secrets go through HKDF-SHA-256 together with the whole transcript, so the wrap stays safe
 * while either primitive holds (harvest-now-decrypt-later needs both broken).
 *
 * <pre>
 * 0     1     version 0x01
 * 1     16    reader key id (ReaderPublicKey.id())
 * 17    32    ephemeral X25519 public key
 * 49    1088  ML-KEM-768 ciphertext
 * 1137  48    AES-256-GCM(secret) ‖ tag, aad = bytes 0..1137
 * </pre>
 * key ‖ nonce = HKDF(salt "phoenix/v1/key-wrap", ikm = ss_x25519 ‖ ss_mlkem,
 * info = "phoenix/v1/key-wrap" ‖ bytes 0..1137 ‖ reader public key encoding, 44 bytes).
 */
public final class KeyWrap {
    public static final int VERSION = 1;
    public static final String LABEL = "phoenix/v1/key-wrap";
    public static final int KEM_CIPHERTEXT_LENGTH = 1088;
    public static final int HEADER_LENGTH = 1 + ReaderPublicKey.ID_LENGTH + 32 + KEM_CIPHERTEXT_LENGTH;
    public static final int WRAPPED_LENGTH = HEADER_LENGTH + RepositorySecret.LENGTH + Aead.TAG;

    private KeyWrap() {}

    public static byte[] wrap(RepositorySecret secret, ReaderPublicKey reader, SecureRandom random) {
        X25519PrivateKeyParameters eph = new X25519PrivateKeyParameters(random);
        byte[] ssX = new byte[32];
        X25519Agreement agree = new X25519Agreement();
        agree.init(eph);
        agree.calculateAgreement(new X25519PublicKeyParameters(reader.x25519(), 0), ssX, 0);
        SecretWithEncapsulation kem = new MLKEMGenerator(random)
                .generateEncapsulated(new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, reader.mlKem()));
        ByteArrayOutputStream h = new ByteArrayOutputStream(WRAPPED_LENGTH);
        h.write(VERSION);
        h.writeBytes(reader.id());
        h.writeBytes(eph.generatePublicKey().getEncoded());
        h.writeBytes(kem.getEncapsulation());
        byte[] header = h.toByteArray();
        byte[] okm = kdf(ssX, kem.getSecret(), header, reader);
        byte[] ct = Aead.seal(Arrays.copyOf(okm, 32), Arrays.copyOfRange(okm, 32, 44), header, secret.bytes());
        h.writeBytes(ct);
        return h.toByteArray();
    }

    /**
     * Unwraps. {@link WrongReaderKeyException} when the wrap names another reader key;
     * {@link CryptoFormatException} when it is truncated, damaged or of an unknown version.
     */
    public static RepositorySecret unwrap(byte[] wrapped, ReaderKeyPair reader) throws WrongReaderKeyException {
        if (wrapped.length < 1) throw new CryptoFormatException("empty wrapped secret");
        if ((wrapped[0] & 0xff) != VERSION) throw new CryptoFormatException("wrapped secret version " + (wrapped[0] & 0xff) + " is not supported");
        if (wrapped.length != WRAPPED_LENGTH) throw new CryptoFormatException("wrapped secret must be " + WRAPPED_LENGTH + " bytes, not " + wrapped.length + " (truncated or damaged)");
        ReaderPublicKey pub = reader.publicKey();
        if (!MessageDigest.isEqual(pub.id(), Arrays.copyOfRange(wrapped, 1, 1 + ReaderPublicKey.ID_LENGTH))) {
            throw new WrongReaderKeyException("secret was wrapped for reader key " + HexFormat.of().formatHex(wrapped, 1, 1 + ReaderPublicKey.ID_LENGTH)
                    + ", not for this key " + HexFormat.of().formatHex(pub.id()));
        }
        byte[] header = Arrays.copyOf(wrapped, HEADER_LENGTH);
        byte[] ssX = new byte[32];
        try {
            X25519Agreement agree = new X25519Agreement();
            agree.init(reader.x25519());
            agree.calculateAgreement(new X25519PublicKeyParameters(wrapped, 17), ssX, 0);
        } catch (IllegalStateException e) {
            throw new CryptoFormatException("wrapped secret is damaged: invalid ephemeral X25519 key", e);
        }
        byte[] ssK = new MLKEMExtractor(reader.mlKem()).extractSecret(Arrays.copyOfRange(wrapped, 49, HEADER_LENGTH));
        byte[] okm = kdf(ssX, ssK, header, pub);
        byte[] secret = Aead.open(Arrays.copyOf(okm, 32), Arrays.copyOfRange(okm, 32, 44), header, wrapped, HEADER_LENGTH, wrapped.length - HEADER_LENGTH);
        if (secret == null) throw new CryptoFormatException("wrapped secret is damaged (authentication failed for the matching reader key)");
        return RepositorySecret.of(secret);
    }

    private static byte[] kdf(byte[] ssX, byte[] ssK, byte[] header, ReaderPublicKey reader) {
        byte[] ikm = new byte[ssX.length + ssK.length];
        System.arraycopy(ssX, 0, ikm, 0, ssX.length);
        System.arraycopy(ssK, 0, ikm, ssX.length, ssK.length);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(LABEL.getBytes(StandardCharsets.US_ASCII));
        info.writeBytes(header);
        info.writeBytes(reader.encode());
        return Hkdf.derive(LABEL.getBytes(StandardCharsets.US_ASCII), ikm, info.toByteArray(), 44);
    }
}
