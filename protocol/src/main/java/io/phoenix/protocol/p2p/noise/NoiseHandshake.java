package io.phoenix.protocol.p2p.noise;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Pure Noise engine for {@code Noise_XX_25519_ChaChaPoly_SHA256} with an empty prologue: the
 * three handshake messages in both roles, then {@link #split()}. No I/O: callers move the bytes.
 *
 * <pre>
 *   -> e
 *   <- e, ee, s, es
 *   -> s, se
 * </pre>
 */
public final class NoiseHandshake {
    static final byte[] PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256".getBytes(StandardCharsets.US_ASCII);
    public static final int DH = 32;

    private final boolean initiator;
    private final byte[] s;
    private final byte[] sPub = new byte[DH];
    private final byte[] e = new byte[DH];
    private final byte[] ePub = new byte[DH];
    private byte[] re;
    private byte[] rs;
    private byte[] ck;
    private byte[] h;
    private NoiseCipherState k;
    private int step;

    /** {@code staticPrivate}: 32-byte X25519 private key; the ephemeral key comes from {@code random}. */
    public NoiseHandshake(boolean initiator, byte[] staticPrivate, SecureRandom random) {
        this.initiator = initiator;
        this.s = staticPrivate.clone();
        X25519.generatePublicKey(s, 0, sPub, 0);
        X25519.generatePrivateKey(random, e);
        X25519.generatePublicKey(e, 0, ePub, 0);
        this.h = PROTOCOL_NAME.clone(); // exactly 32 bytes = HASHLEN, so h = name
        this.ck = h.clone();
        mixHash(new byte[0]); // MixHash(prologue), with the empty prologue libp2p uses
    }

    public static byte[] newStaticKey(SecureRandom random) {
        byte[] k = new byte[DH];
        X25519.generatePrivateKey(random, k);
        return k;
    }

    public byte[] localStaticPublic() {
        return sPub.clone();
    }

    /** The remote's static X25519 key (after message 2 for the initiator, 3 for the responder). */
    public byte[] remoteStaticPublic() {
        if (rs == null) throw new IllegalStateException("remote static key not yet known");
        return rs.clone();
    }

    public boolean initiator() {
        return initiator;
    }

    /** Writes the next handshake message of this side carrying {@code payload}. */
    public byte[] writeMessage(byte[] payload) {
        expectTurn(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (step) {
            case 0 -> {
                out.writeBytes(ePub);
                mixHash(ePub);
            }
            case 1 -> {
                out.writeBytes(ePub);
                mixHash(ePub);
                mixKey(dh(e, re));
                out.writeBytes(encryptAndHash(sPub));
                mixKey(dh(s, re));
            }
            case 2 -> {
                out.writeBytes(encryptAndHash(sPub));
                mixKey(dh(s, re));
            }
            default -> throw new IllegalStateException("handshake finished");
        }
        out.writeBytes(encryptAndHash(payload));
        step++;
        return out.toByteArray();
    }

    /** Reads the remote's next handshake message; returns its decrypted payload. */
    public byte[] readMessage(byte[] message) {
        expectTurn(false);
        int off = 0;
        switch (step) {
            case 0 -> {
                need(message, DH);
                re = Arrays.copyOfRange(message, 0, DH);
                mixHash(re);
                off = DH;
            }
            case 1 -> {
                need(message, DH + DH + NoiseCipherState.TAG + NoiseCipherState.TAG);
                re = Arrays.copyOfRange(message, 0, DH);
                mixHash(re);
                mixKey(dh(e, re));
                rs = decryptAndHash(Arrays.copyOfRange(message, DH, DH + DH + NoiseCipherState.TAG));
                mixKey(dh(e, rs));
                off = DH + DH + NoiseCipherState.TAG;
            }
            case 2 -> {
                need(message, DH + NoiseCipherState.TAG + NoiseCipherState.TAG);
                rs = decryptAndHash(Arrays.copyOfRange(message, 0, DH + NoiseCipherState.TAG));
                mixKey(dh(e, rs));
                off = DH + NoiseCipherState.TAG;
            }
            default -> throw new IllegalStateException("handshake finished");
        }
        byte[] payload = decryptAndHash(Arrays.copyOfRange(message, off, message.length));
        step++;
        return payload;
    }

    public boolean complete() {
        return step == 3;
    }

    /** The transport ciphers: [send, receive] for this side. */
    public NoiseCipherState[] split() {
        if (!complete()) throw new IllegalStateException("handshake not complete");
        byte[][] keys = hkdf(ck, new byte[0]);
        NoiseCipherState c1 = new NoiseCipherState(keys[0]);
        NoiseCipherState c2 = new NoiseCipherState(keys[1]);
        Arrays.fill(s, (byte) 0);
        Arrays.fill(e, (byte) 0);
        return initiator ? new NoiseCipherState[] {c1, c2} : new NoiseCipherState[] {c2, c1};
    }

    /** The handshake hash (channel binding), available once complete. */
    public byte[] handshakeHash() {
        return h.clone();
    }

    private void expectTurn(boolean writing) {
        boolean myTurn = (step % 2 == 0) == initiator;
        if (step >= 3 || myTurn != writing) throw new IllegalStateException("not this side's turn to " + (writing ? "write" : "read"));
    }

    private static void need(byte[] m, int n) {
        if (m.length < n) throw new NoiseException("handshake message too short: " + m.length + " < " + n + " bytes");
    }

    private static byte[] dh(byte[] priv, byte[] pub) {
        byte[] out = new byte[DH];
        if (!X25519.calculateAgreement(priv, 0, pub, 0, out, 0)) throw new NoiseException("X25519 produced the all-zero shared secret (low-order remote key)");
        return out;
    }

    private void mixHash(byte[] data) {
        MessageDigest d = sha256();
        d.update(h);
        d.update(data);
        h = d.digest();
    }

    private void mixKey(byte[] ikm) {
        byte[][] out = hkdf(ck, ikm);
        ck = out[0];
        k = new NoiseCipherState(out[1]);
    }

    private byte[] encryptAndHash(byte[] plaintext) {
        byte[] c = k == null ? plaintext.clone() : k.encrypt(h, plaintext);
        mixHash(c);
        return c;
    }

    private byte[] decryptAndHash(byte[] ciphertext) {
        byte[] p = k == null ? ciphertext.clone() : k.decrypt(h, ciphertext);
        mixHash(ciphertext);
        return p;
    }

    private static byte[][] hkdf(byte[] chainingKey, byte[] ikm) {
        byte[] temp = hmac(chainingKey, ikm);
        byte[] o1 = hmac(temp, new byte[] {1});
        byte[] in2 = Arrays.copyOf(o1, 33);
        in2[32] = 2;
        return new byte[][] {o1, hmac(temp, in2)};
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
