package io.phoenix.node.home;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The home's adapter over the formats helper's PassphraseBox: cost recorded, errors typed for the node. */
class PassphraseSealTest {
    static final PassphraseSeal FAST = new PassphraseSeal(1024, 1, 1);
    static final char[] PASS = "pässword".toCharArray();

    @Test
    void sealedSecretOpensWithThePassphraseAndRecordsItsCost() throws Exception {
        byte[] secret = "the repository secret".getBytes();
        byte[] sealed = FAST.seal(PASS, secret, new SecureRandom());
        assertEquals("50485842" + "01" + "01" + "00000400" + "00000001" + "01", HexFormat.of().formatHex(sealed, 0, 15));
        assertArrayEquals(secret, PassphraseSeal.open(PASS, sealed, "test"));
    }

    @Test
    void WrongPassphraseIsRejected() {
        byte[] sealed = FAST.seal(PASS, new byte[32], new SecureRandom());
        WrongPassphraseException e = assertThrows(WrongPassphraseException.class, () -> PassphraseSeal.open("passw0rd".toCharArray(), sealed, "keys/secrets"));
        assertEquals("wrong passphrase: it does not open keys/secrets", e.getMessage());
    }

    @Test
    void DamagedSealIsReportedAsDamageNotAsAWrongPassphrase() {
        byte[] sealed = FAST.seal(PASS, new byte[32], new SecureRandom());
        for (int at : new int[] {20, 35, 50, sealed.length - 1}) {
            byte[] bad = sealed.clone();
            bad[at] ^= 1;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PassphraseSeal.open(PASS, bad, "keys/secrets"), "byte " + at);
            assertTrue(e.getMessage().startsWith("keys/secrets: "), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> PassphraseSeal.open(PASS, Arrays.copyOf(sealed, 50), "x"));
        assertThrows(IllegalArgumentException.class, () -> new PassphraseSeal(4, 1, 1));
    }
}
