package io.phoenix.protocol.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.pqc.crypto.mldsa.MLDSAKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.mldsa.MLDSAKeyPairGenerator;
import org.bouncycastle.pqc.crypto.mldsa.MLDSAParameters;
import org.bouncycastle.pqc.crypto.mldsa.MLDSAPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.mldsa.MLDSAPublicKeyParameters;
import org.bouncycastle.pqc.crypto.mldsa.MLDSASigner;

/**
 * An ML-DSA-65 (FIPS 204) key pair kept as its 32-byte seed ξ (the private key encoding Phoenix
 * stores) and the 1,952-byte encoded public key. Signing is pure ML-DSA with an empty context.
 */
public final class MlDsa65KeyPair {
    public static final int SEED_LENGTH = 32;
    public static final int PUBLIC_KEY_LENGTH = 1952;
    public static final int SIGNATURE_LENGTH = 3309;

    private final byte[] seed;
    private final MLDSAPrivateKeyParameters privateKey;

    private MlDsa65KeyPair(byte[] seed) {
        if (seed == null || seed.length != SEED_LENGTH) throw new IllegalArgumentException("ML-DSA-65 seed must be 32 bytes");
        this.seed = seed.clone();
        this.privateKey = new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, this.seed);
    }

    public static MlDsa65KeyPair generate(SecureRandom random) {
        MLDSAKeyPairGenerator g = new MLDSAKeyPairGenerator();
        g.init(new MLDSAKeyGenerationParameters(random, MLDSAParameters.ml_dsa_65));
        MLDSAPrivateKeyParameters k = (MLDSAPrivateKeyParameters) g.generateKeyPair().getPrivate();
        return new MlDsa65KeyPair(k.getSeed());
    }

    /** Rebuilds the key pair from its 32-byte seed. */
    public static MlDsa65KeyPair fromSeed(byte[] seed) {
        return new MlDsa65KeyPair(seed);
    }

    /** Private key file encoding (33 bytes): {@code 0x01 ‖ seed}. Keep it in a {@link PassphraseBox}. */
    public byte[] encode() {
        byte[] e = new byte[1 + SEED_LENGTH];
        e[0] = 1;
        System.arraycopy(seed, 0, e, 1, SEED_LENGTH);
        return e;
    }

    public static MlDsa65KeyPair decode(byte[] encoded) {
        if (encoded.length < 1) throw new CryptoFormatException("empty ML-DSA-65 key");
        if (encoded[0] != 1) throw new CryptoFormatException("ML-DSA-65 key version " + (encoded[0] & 0xff) + " is not supported");
        if (encoded.length != 1 + SEED_LENGTH) throw new CryptoFormatException("ML-DSA-65 key must be " + (1 + SEED_LENGTH) + " bytes, not " + encoded.length);
        return new MlDsa65KeyPair(Arrays.copyOfRange(encoded, 1, 1 + SEED_LENGTH));
    }

    public byte[] seed() {
        return seed.clone();
    }

    public byte[] publicKey() {
        return privateKey.getPublicKeyParameters().getEncoded();
    }

    public byte[] sign(byte[] message) {
        MLDSASigner s = new MLDSASigner();
        s.init(true, privateKey);
        s.update(message, 0, message.length);
        try {
            return s.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("ML-DSA-65 signing failed", e);
        }
    }

    /** False for a wrong signature or a malformed key/signature. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_LENGTH || signature == null || signature.length != SIGNATURE_LENGTH) return false;
        try {
            MLDSASigner v = new MLDSASigner();
            v.init(false, new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, publicKey));
            v.update(message, 0, message.length);
            return v.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlDsa65KeyPair k && Arrays.equals(k.seed, seed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey());
    }

    @Override
    public String toString() {
        return "MlDsa65KeyPair[redacted]";
    }
}
