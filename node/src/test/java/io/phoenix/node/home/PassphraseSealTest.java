package io.phoenix.node.home;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PassphraseSealTest {
    static final PassphraseSeal FAST = new PassphraseSeal(1024, 1, 1);
    static final char[] PASS = "pässword".toCharArray();

    @Test
    void sealedSecretOpensWithThePassphraseAndRecordsItsParameters() throws Exception {
        byte[] secret = "the repository secret".getBytes();
        byte[] sealed = FAST.seal(PASS, secret, new SecureRandom());
        assertEquals(PassphraseSeal.HEADER + secret.length + 16, sealed.length);
        assertEquals("5058534c" + "01" + "00000400" + "00000001" + "01", HexFormat.of().formatHex(sealed, 0, 14));
        assertArrayEquals(secret, PassphraseSeal.open(PASS, sealed, "test"));
    }

    @Test
    void WrongPassphraseIsRejected() {
        byte[] sealed = FAST.seal(PASS, new byte[32], new SecureRandom());
        assertThrows(WrongPassphraseException.class, () -> PassphraseSeal.open("passw0rd".toCharArray(), sealed, "test"));
    }

    @Test
    void TamperedSealIsRejected() {
        byte[] sealed = FAST.seal(PASS, new byte[32], new SecureRandom());
        for (int at : new int[] {20, 35, PassphraseSeal.HEADER + 3, sealed.length - 1}) {
            byte[] bad = sealed.clone();
            bad[at] ^= 1;
            assertThrows(WrongPassphraseException.class, () -> PassphraseSeal.open(PASS, bad, "test"), "byte " + at);
        }
        byte[] lowerCost = sealed.clone();
        lowerCost[12] = 0; // iterations 1 -> 0 is refused before any work
        assertThrows(IllegalArgumentException.class, () -> PassphraseSeal.open(PASS, lowerCost, "test"));
        byte[] truncated = Arrays.copyOf(sealed, 50);
        assertThrows(IllegalArgumentException.class, () -> PassphraseSeal.open(PASS, truncated, "test"));
        byte[] version = sealed.clone();
        version[4] = 2;
        assertThrows(IllegalArgumentException.class, () -> PassphraseSeal.open(PASS, version, "test"));
    }
}
