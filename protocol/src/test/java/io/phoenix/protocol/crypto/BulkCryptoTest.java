package io.phoenix.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.SplittableRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The native provider computes the same AES-GCM, HMAC-SHA-256 and SHA-256 as the JDK's, on the
 * sizes the block path uses, so blocks are identical whichever provider made them.
 */
class BulkCryptoTest {
    private static final int[] SIZES = {0, 1, 15, 16, 17, 511, 512, 513, 7_680, 65_536, 524_288 + 3, 1_048_546};

    @Test
    void nativeProviderLoadsOnThisPlatform() {
        // the build bundles AWS-LC for Linux x86-64 and aarch64, where CI and the benchmarks run
        String arch = System.getProperty("os.arch");
        if (System.getenv("PHOENIX_CRYPTO_JAVA") == null && System.getProperty("os.name").equals("Linux")
                && (arch.equals("amd64") || arch.equals("aarch64"))) {
            assertTrue(BulkCrypto.awaitNative(), "native provider did not load: " + BulkCrypto.implementation());
            assertTrue(BulkCrypto.implementation().contains("AWS-LC"), BulkCrypto.implementation());
        }
    }

    @Test
    void aesGcmMatchesTheJdkBothWays() throws Exception {
        BulkCrypto.awaitNative();
        SplittableRandom r = new SplittableRandom(7);
        for (int size : SIZES) {
            byte[] key = bytes(r, 32), nonce = bytes(r, 12), aad = bytes(r, 14), plain = bytes(r, size);
            byte[] bulk = gcm(BulkCrypto.aesGcm(), Cipher.ENCRYPT_MODE, key, nonce, aad, plain);
            byte[] jdk = gcm(Cipher.getInstance("AES/GCM/NoPadding"), Cipher.ENCRYPT_MODE, key, nonce, aad, plain);
            assertArrayEquals(jdk, bulk, "ciphertext of " + size + " bytes");
            assertArrayEquals(plain, gcm(BulkCrypto.aesGcm(), Cipher.DECRYPT_MODE, key, nonce, aad, jdk));
            assertArrayEquals(plain, gcm(Cipher.getInstance("AES/GCM/NoPadding"), Cipher.DECRYPT_MODE, key, nonce, aad, bulk));
            bulk[bulk.length - 1] ^= 1;
            byte[] tampered = bulk;
            assertThrows(AEADBadTagException.class, () -> gcm(BulkCrypto.aesGcm(), Cipher.DECRYPT_MODE, key, nonce, aad, tampered));
        }
    }

    @Test
    void hmacAndSha256MatchTheJdk() throws Exception {
        BulkCrypto.awaitNative();
        SplittableRandom r = new SplittableRandom(8);
        for (int size : SIZES) {
            byte[] key = bytes(r, 32), data = bytes(r, size);
            Mac bulk = BulkCrypto.hmacSha256();
            bulk.init(new SecretKeySpec(key, "HmacSHA256"));
            Mac jdk = Mac.getInstance("HmacSHA256");
            jdk.init(new SecretKeySpec(key, "HmacSHA256"));
            assertArrayEquals(jdk.doFinal(data), bulk.doFinal(data), "HMAC of " + size + " bytes");
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), BulkCrypto.sha256().digest(data), "SHA-256 of " + size + " bytes");
        }
        // a reused MAC (the codec keeps one per thread) gives the same result each time
        Mac m = BulkCrypto.hmacSha256();
        m.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] first = m.doFinal(new byte[100]);
        assertArrayEquals(first, m.doFinal(new byte[100]));
        assertEquals(32, first.length);
    }

    private static byte[] gcm(Cipher c, int mode, byte[] key, byte[] nonce, byte[] aad, byte[] in) throws Exception {
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        return c.doFinal(in);
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
