package io.phoenix.protocol.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyPairGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPrivateKeyParameters;

/**
 * A reader's hybrid key pair (X25519 + ML-KEM-768). Private encoding (97 bytes):
 * {@code 0x01 ‖ X25519 private key (32) ‖ ML-KEM-768 seed d ‖ z (64)}. Keep it in a
 * {@link PassphraseBox}.
 */
public final class ReaderKeyPair {
    public static final int VERSION = 1;
    public static final int ENCODED_LENGTH = 1 + 32 + 64;

    private final byte[] x25519Private;
    private final byte[] mlKemSeed;
    private final X25519PrivateKeyParameters x25519;
    private final MLKEMPrivateKeyParameters mlKem;
    private final ReaderPublicKey publicKey;

    private ReaderKeyPair(byte[] x25519Private, byte[] mlKemSeed) {
        this.x25519Private = x25519Private.clone();
        this.mlKemSeed = mlKemSeed.clone();
        this.x25519 = new X25519PrivateKeyParameters(this.x25519Private, 0);
        this.mlKem = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, this.mlKemSeed);
        this.publicKey = ReaderPublicKey.of(x25519.generatePublicKey().getEncoded(), mlKem.getPublicKeyParameters().getEncoded());
    }

    public static ReaderKeyPair generate(SecureRandom random) {
        byte[] x = new byte[32];
        random.nextBytes(x);
        MLKEMKeyPairGenerator g = new MLKEMKeyPairGenerator();
        g.init(new MLKEMKeyGenerationParameters(random, MLKEMParameters.ml_kem_768));
        MLKEMPrivateKeyParameters k = (MLKEMPrivateKeyParameters) g.generateKeyPair().getPrivate();
        return new ReaderKeyPair(x, k.getSeed());
    }

    public static ReaderKeyPair decode(byte[] encoded) {
        if (encoded.length < 1) throw new CryptoFormatException("empty reader key");
        if ((encoded[0] & 0xff) != VERSION) throw new CryptoFormatException("reader key version " + (encoded[0] & 0xff) + " is not supported");
        if (encoded.length != ENCODED_LENGTH) throw new CryptoFormatException("reader key must be " + ENCODED_LENGTH + " bytes, not " + encoded.length);
        return new ReaderKeyPair(Arrays.copyOfRange(encoded, 1, 33), Arrays.copyOfRange(encoded, 33, ENCODED_LENGTH));
    }

    public byte[] encode() {
        byte[] e = new byte[ENCODED_LENGTH];
        e[0] = VERSION;
        System.arraycopy(x25519Private, 0, e, 1, 32);
        System.arraycopy(mlKemSeed, 0, e, 33, 64);
        return e;
    }

    public ReaderPublicKey publicKey() {
        return publicKey;
    }

    X25519PrivateKeyParameters x25519() {
        return x25519;
    }

    MLKEMPrivateKeyParameters mlKem() {
        return mlKem;
    }

    @Override
    public String toString() {
        return "ReaderKeyPair[" + publicKey + "]";
    }
}
