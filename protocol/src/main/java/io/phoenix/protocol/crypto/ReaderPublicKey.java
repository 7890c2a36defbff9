package io.phoenix.protocol.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPublicKeyParameters;

/**
 * A reader's public key: X25519 and ML-KEM-768. Encoding (1,217 bytes):
 * {@code 0x01 ‖ X25519 public key (32) ‖ ML-KEM-768 encapsulation key (1,184)}.
 */
public final class ReaderPublicKey {
    public static final int VERSION = 1;
    public static final int X25519_LENGTH = 32;
    public static final int MLKEM_LENGTH = 1184;
    public static final int ENCODED_LENGTH = 1 + X25519_LENGTH + MLKEM_LENGTH;
    public static final int ID_LENGTH = 16;

    private final byte[] encoded;

    private ReaderPublicKey(byte[] encoded) {
        this.encoded = encoded;
    }

    static ReaderPublicKey of(byte[] x25519, byte[] mlKem) {
        byte[] e = new byte[ENCODED_LENGTH];
        e[0] = VERSION;
        System.arraycopy(x25519, 0, e, 1, X25519_LENGTH);
        System.arraycopy(mlKem, 0, e, 1 + X25519_LENGTH, MLKEM_LENGTH);
        return new ReaderPublicKey(e);
    }

    public static ReaderPublicKey decode(byte[] encoded) {
        if (encoded.length < 1) throw new CryptoFormatException("empty reader public key");
        if ((encoded[0] & 0xff) != VERSION) throw new CryptoFormatException("reader public key version " + (encoded[0] & 0xff) + " is not supported");
        if (encoded.length != ENCODED_LENGTH) throw new CryptoFormatException("reader public key must be " + ENCODED_LENGTH + " bytes, not " + encoded.length);
        try {
            new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, Arrays.copyOfRange(encoded, 1 + X25519_LENGTH, ENCODED_LENGTH));
        } catch (RuntimeException e) {
            throw new CryptoFormatException("reader public key holds an invalid ML-KEM-768 key: " + e.getMessage(), e);
        }
        return new ReaderPublicKey(encoded.clone());
    }

    public byte[] encode() {
        return encoded.clone();
    }

    byte[] x25519() {
        return Arrays.copyOfRange(encoded, 1, 1 + X25519_LENGTH);
    }

    byte[] mlKem() {
        return Arrays.copyOfRange(encoded, 1 + X25519_LENGTH, ENCODED_LENGTH);
    }

    /** Key id: the first 16 bytes of SHA-256 of the encoding. */
    public byte[] id() {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(encoded), ID_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReaderPublicKey r && Arrays.equals(r.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "ReaderPublicKey[" + HexFormat.of().formatHex(id()) + "]";
    }
}
