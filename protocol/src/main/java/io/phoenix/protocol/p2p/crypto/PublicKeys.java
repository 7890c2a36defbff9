package io.phoenix.protocol.p2p.crypto;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Varint;
import io.phoenix.protocol.p2p.PeerId;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * libp2p {@code PublicKey} protobufs ({@code {KeyType Type = 1; bytes Data = 2}}): strict
 * parsing, peer-id derivation and signature verification.
 *
 * <p>Verification: Ed25519 (pure, RFC 8032), RSA (PKCS#1 v1.5 with SHA-256, key as PKIX DER),
 * secp256k1 (ECDSA over SHA-256, compressed point, DER signature) and ECDSA (PKIX DER, P-256/384/521,
 * SHA-256, DER signature). Encoding is deterministic: field 1 then field 2, nothing else.
 */
public final class PublicKeys {
    /** Largest key message accepted (RSA 8192 PKIX is ~1.1 KiB). */
    public static final int MAX_KEY_BYTES = 2048;

    /** libp2p key types with their protobuf enum numbers. */
    public enum KeyType {
        RSA(0), ED25519(1), SECP256K1(2), ECDSA(3);

        final int number;

        KeyType(int number) {
            this.number = number;
        }

        static KeyType of(long number) {
            for (KeyType t : values()) if (t.number == number) return t;
            throw new FormatException("unknown key type " + number);
        }
    }

    record Decoded(KeyType type, byte[] data) {}

    private PublicKeys() {}

    /** Deterministic {@code PublicKey}/{@code PrivateKey} protobuf of (type, data). */
    public static byte[] encode(KeyType type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 8);
        out.write(0x08);
        Varint.write(type.number, out);
        out.write(0x12);
        Varint.write(data.length, out);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** The key type of a {@code PublicKey} protobuf, after validating it completely. */
    public static KeyType type(byte[] publicKeyProtobuf) {
        return validate(publicKeyProtobuf).type();
    }

    /** The key material ({@code Data}) of a validated {@code PublicKey} protobuf. */
    public static byte[] data(byte[] publicKeyProtobuf) {
        return validate(publicKeyProtobuf).data();
    }

    /** Peer id of a validated key. */
    public static PeerId peerId(byte[] publicKeyProtobuf) {
        validate(publicKeyProtobuf);
        return PeerId.fromPublicKeyProtobuf(publicKeyProtobuf);
    }

    /** Checks the message layout and that the key material parses for its type. */
    static Decoded validate(byte[] publicKeyProtobuf) {
        Decoded d = decodeKeyMessage(publicKeyProtobuf, "PublicKey");
        switch (d.type()) {
            case ED25519 -> {
                if (d.data().length != 32) throw new FormatException("Ed25519 public key must be 32 bytes");
                if (!Ed25519.validatePublicKeyFull(d.data(), 0)) throw new FormatException("Ed25519 public key is not a valid point");
            }
            case SECP256K1 -> secp256k1Point(d.data());
            case RSA -> {
                RSAPublicKey k = (RSAPublicKey) pkix("RSA", d.data());
                if (k.getModulus().bitLength() < 1024) throw new FormatException("RSA key shorter than 1024 bits");
            }
            case ECDSA -> pkix("EC", d.data());
        }
        return d;
    }

    /**
     * Verifies {@code signature} over {@code message} with the key; false for a wrong signature,
     * {@link FormatException} for a malformed key.
     */
    public static boolean verify(byte[] publicKeyProtobuf, byte[] message, byte[] signature) {
        Decoded d = validate(publicKeyProtobuf);
        return switch (d.type()) {
            case ED25519 -> signature.length == Ed25519.SIGNATURE_SIZE
                    && Ed25519.verify(signature, 0, d.data(), 0, message, 0, message.length);
            case RSA -> jdkVerify("SHA256withRSA", pkix("RSA", d.data()), message, signature);
            case ECDSA -> jdkVerify("SHA256withECDSA", (ECPublicKey) pkix("EC", d.data()), message, signature);
            case SECP256K1 -> verifySecp256k1(d.data(), message, signature);
        };
    }

    static Decoded decodeKeyMessage(byte[] bytes, String what) {
        if (bytes == null || bytes.length == 0) throw new FormatException("empty " + what);
        if (bytes.length > MAX_KEY_BYTES) throw new FormatException(what + " larger than " + MAX_KEY_BYTES + " bytes");
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try {
            if (buf.get() != 0x08) throw new FormatException(what + ": field 1 (Type) must come first");
            KeyType type = KeyType.of(Varint.read(buf));
            if (!buf.hasRemaining() || buf.get() != 0x12) throw new FormatException(what + ": field 2 (Data) missing");
            long len = Varint.read(buf);
            if (len != buf.remaining()) throw new FormatException(what + ": Data length " + len + " does not match the " + buf.remaining() + " bytes left");
            byte[] data = new byte[(int) len];
            buf.get(data);
            return new Decoded(type, data);
        } catch (BufferUnderflowException e) {
            throw new FormatException("truncated " + what, e);
        }
    }

    private static PublicKey pkix(String algorithm, byte[] der) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new FormatException(algorithm + " public key is not valid PKIX DER: " + e.getMessage(), e);
        }
    }

    private static boolean jdkVerify(String alg, PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(alg);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg + " unavailable", e);
        }
    }

    private static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");

    private static ECPoint secp256k1Point(byte[] data) {
        if (data.length != 33) throw new FormatException("secp256k1 public key must be 33 bytes (compressed)");
        try {
            ECPoint p = SECP256K1.getCurve().decodePoint(data);
            if (!p.isValid()) throw new FormatException("secp256k1 public key is not on the curve");
            return p;
        } catch (IllegalArgumentException e) {
            throw new FormatException("secp256k1 public key is not a valid point: " + e.getMessage(), e);
        }
    }

    private static boolean verifySecp256k1(byte[] data, byte[] message, byte[] signature) {
        ECPoint q = secp256k1Point(data);
        BigInteger r;
        BigInteger s;
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(signature);
            if (seq.size() != 2) return false;
            r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
            s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
        } catch (RuntimeException e) {
            return false;
        }
        SHA256Digest digest = new SHA256Digest();
        digest.update(message, 0, message.length);
        byte[] hash = new byte[32];
        digest.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner();
        ECDomainParameters dom = new ECDomainParameters(SECP256K1.getCurve(), SECP256K1.getG(), SECP256K1.getN(), SECP256K1.getH());
        signer.init(false, new ECPublicKeyParameters(q, dom));
        return signer.verifySignature(hash, r, s);
    }
}
