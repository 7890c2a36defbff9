package io.phoenix.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The native Argon2id and Bouncy Castle's agree, and the native one is what runs on this platform. */
class Argon2idTest {
    @Test
    void nativeLibraryLoadsOnLinuxX86And64BitArm() {
        String arch = System.getProperty("os.arch");
        if (System.getProperty("os.name").startsWith("Linux") && (arch.equals("amd64") || arch.equals("aarch64"))
                && System.getenv("PHOENIX_ARGON2_JAVA") == null) {
            assertEquals("native", Argon2id.implementation());
        }
    }

    @Test
    void nativeAndBouncyCastleGiveTheSameBytes() {
        Random r = new Random(42);
        Argon2Params[] params = {new Argon2Params(8, 1, 1), new Argon2Params(256, 2, 1), new Argon2Params(1024, 3, 2),
                new Argon2Params(4096, 1, 4)};
        for (Argon2Params p : params) {
            for (int i = 0; i < 3; i++) {
                byte[] pw = new byte[r.nextInt(40)];
                byte[] salt = new byte[16];
                r.nextBytes(pw);
                r.nextBytes(salt);
                assertArrayEquals(Argon2id.bouncyCastle(pw, salt, p), Argon2id.hash(pw, salt, p), p + " " + HexFormat.of().formatHex(pw));
            }
        }
    }

    @Test
    void knownAnswerFromTheDebianArgon2Tool() {
        // echo -n "correct horse" | argon2 saltsaltsaltsalt -id -t 3 -k 1024 -p 1 -l 32 -r   (Debian package argon2)
        String expected = "954a1c5d06fe554720f1a79e529d0268e978618c7e215ac49466cc8d5c4e0a80";
        byte[] pw = "correct horse".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] salt = "saltsaltsaltsalt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Argon2Params p = new Argon2Params(1024, 3, 1);
        assertEquals(expected, HexFormat.of().formatHex(Argon2id.hash(pw, salt, p)));
        assertEquals(expected, HexFormat.of().formatHex(Argon2id.bouncyCastle(pw, salt, p)));
    }
}
