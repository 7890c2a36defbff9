package io.phoenix.protocol.p2p.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.p2p.PeerId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdentityKeyTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = IdentityKeyTest.class.getResourceAsStream("/p2p/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void keyFileWrittenByJsLibp2pLoadsWithTheSamePeerId() throws IOException {
        byte[] file = resource("js-ed25519.key");
        String expected = new String(resource("js-ed25519.peerid"), StandardCharsets.US_ASCII).trim();
        IdentityKey key = IdentityKey.fromPrivateKeyProtobuf(file);
        assertEquals(expected, key.peerId().toString());
        assertEquals(PeerId.parse(expected), key.peerId());
        assertArrayEquals(file, key.toPrivateKeyProtobuf());
        assertEquals("080112205e8713aa5dd2f67535e40cffc891bc180ea02965ab53ce93ba90a605745fb613",
                HexFormat.of().formatHex(key.publicKeyProtobuf()));
    }

    @Test
    void rfc8032TestVector1() {
        HexFormat hex = HexFormat.of();
        IdentityKey key = IdentityKey.fromSeed(hex.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", hex.formatHex(key.rawPublicKey()));
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                hex.formatHex(key.sign(new byte[0])));
    }

    @Test
    void generatedKeyRoundTripsAndSigns() {
        IdentityKey key = IdentityKey.generate(new SecureRandom());
        IdentityKey again = IdentityKey.fromPrivateKeyProtobuf(key.toPrivateKeyProtobuf());
        assertEquals(key.peerId(), again.peerId());
        assertEquals(68, key.toPrivateKeyProtobuf().length);
        assertTrue(key.peerId().toString().startsWith("12D3KooW"));
        byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] sig = key.sign(msg);
        assertTrue(PublicKeys.verify(key.publicKeyProtobuf(), msg, sig));
        sig[5] ^= 1;
        assertFalse(PublicKeys.verify(key.publicKeyProtobuf(), msg, sig));
        assertTrue(key.peerId().matchesPublicKey(key.publicKeyProtobuf()));
    }

    @Test
    void privateKeyWithMismatchedPublicHalfIsRejected() {
        byte[] pb = IdentityKey.generate(new SecureRandom()).toPrivateKeyProtobuf();
        pb[pb.length - 1] ^= 1;
        assertThrows(FormatException.class, () -> IdentityKey.fromPrivateKeyProtobuf(pb));
    }

    @Test
    void truncatedAndRandomKeyFilesAreRejectedCleanly() {
        byte[] pb = IdentityKey.generate(new SecureRandom()).toPrivateKeyProtobuf();
        for (int n = 0; n < pb.length; n++) {
            byte[] cut = Arrays.copyOf(pb, n);
            assertThrows(FormatException.class, () -> IdentityKey.fromPrivateKeyProtobuf(cut));
        }
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[r.nextInt(80)];
            r.nextBytes(junk);
            try {
                IdentityKey.fromPrivateKeyProtobuf(junk);
            } catch (FormatException expected) {
                // fine: only FormatException may escape
            }
        }
    }
}
