package io.phoenix.protocol.p2p.noise;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise CipherState for ChaChaPoly: key k and 64-bit counter n; nonce = 4 zero bytes ‖ n
 * little-endian. Uses the JDK's ChaCha20-Poly1305 (intrinsified on recent JDKs); no allocation
 * per message beyond the JDK's parameter spec. Not thread-safe: one per direction.
 */
public final class NoiseCipherState {
    public static final int TAG = 16;
    private final SecretKeySpec key;
    private final Cipher cipher;
    private final byte[] nonce = new byte[12];
    private long n;

    public NoiseCipherState(byte[] key32) {
        if (key32.length != 32) throw new IllegalArgumentException("ChaChaPoly key must be 32 bytes");
        this.key = new SecretKeySpec(key32, "ChaCha20");
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 unavailable in this JDK", e);
        }
    }

    private void init(int mode) throws GeneralSecurityException {
        if (n == -1L) throw new NoiseException("nonce exhausted");
        long v = n++;
        for (int i = 0; i < 8; i++) nonce[4 + i] = (byte) (v >>> (8 * i));
        cipher.init(mode, key, new IvParameterSpec(nonce));
    }

    /** Encrypts {@code len} bytes into {@code out} at {@code outOff}; returns len + 16. */
    public int encrypt(byte[] ad, byte[] in, int off, int len, byte[] out, int outOff) {
        try {
            init(Cipher.ENCRYPT_MODE);
            if (ad != null && ad.length > 0) cipher.updateAAD(ad);
            return cipher.doFinal(in, off, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Encrypts {@code a[0..alen) ‖ b[0..blen) ‖ c[off..off+clen)} as one message (empty AD); returns the ciphertext length. */
    public int encrypt3(byte[] a, int alen, byte[] b, int blen, byte[] c, int off, int clen, byte[] out, int outOff) {
        try {
            init(Cipher.ENCRYPT_MODE);
            int o = outOff;
            if (alen > 0) o += cipher.update(a, 0, alen, out, o);
            if (blen > 0) o += cipher.update(b, 0, blen, out, o);
            o += clen > 0 ? cipher.doFinal(c, off, clen, out, o) : cipher.doFinal(out, o);
            return o - outOff;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Decrypts and authenticates; returns the plaintext length. {@link NoiseException} on a bad tag. */
    public int decrypt(byte[] ad, byte[] in, int off, int len, byte[] out, int outOff) {
        if (len < TAG) throw new NoiseException("ciphertext shorter than the 16-byte tag");
        try {
            init(Cipher.DECRYPT_MODE);
            if (ad != null && ad.length > 0) cipher.updateAAD(ad);
            return cipher.doFinal(in, off, len, out, outOff);
        } catch (AEADBadTagException e) {
            throw new NoiseException("message authentication failed (corrupt or forged frame)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed", e);
        }
    }

    public byte[] encrypt(byte[] ad, byte[] plaintext) {
        byte[] out = new byte[plaintext.length + TAG];
        encrypt(ad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    public byte[] decrypt(byte[] ad, byte[] ciphertext) {
        byte[] out = new byte[Math.max(0, ciphertext.length - TAG)];
        decrypt(ad, ciphertext, 0, ciphertext.length, out, 0);
        return out;
    }
}
