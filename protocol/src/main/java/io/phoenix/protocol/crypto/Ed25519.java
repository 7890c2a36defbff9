package io.phoenix.protocol.crypto;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Ed25519 (RFC 8032) over raw keys: a 32-byte seed (private key) and a 32-byte public key. */
public final class Ed25519 {
    public static final int SEED_LENGTH = 32;
    public static final int PUBLIC_KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private Ed25519() {}

    public static byte[] publicKey(byte[] seed) {
        return new Ed25519PrivateKeyParameters(checkSeed(seed), 0).generatePublicKey().getEncoded();
    }

    public static byte[] sign(byte[] seed, byte[] message) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, new Ed25519PrivateKeyParameters(checkSeed(seed), 0));
        s.update(message, 0, message.length);
        return s.generateSignature();
    }

    /** False for a wrong signature, a malformed signature or a malformed key. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_LENGTH || signature == null || signature.length != SIGNATURE_LENGTH) return false;
        try {
            Ed25519Signer v = new Ed25519Signer();
            v.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            v.update(message, 0, message.length);
            return v.verifySignature(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] checkSeed(byte[] seed) {
        if (seed == null || seed.length != SEED_LENGTH) throw new IllegalArgumentException("Ed25519 seed must be 32 bytes");
        return seed;
    }
}
