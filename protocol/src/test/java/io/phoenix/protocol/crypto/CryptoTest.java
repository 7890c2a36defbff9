package io.phoenix.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CryptoTest {
    static final Argon2Params FAST = new Argon2Params(256, 1, 1);
    final SecureRandom random = new SecureRandom();

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        HexFormat hex = HexFormat.of();
        byte[] okm = Hkdf.derive(hex.parseHex("000102030405060708090a0b0c"), hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", hex.formatHex(okm));
    }

    @Test
    void ed25519MatchesRfc8032TestVector1() {
        HexFormat hex = HexFormat.of();
        byte[] seed = hex.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", hex.formatHex(Ed25519.publicKey(seed)));
        byte[] sig = Ed25519.sign(seed, new byte[0]);
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                hex.formatHex(sig));
        assertTrue(Ed25519.verify(Ed25519.publicKey(seed), new byte[0], sig));
        assertFalse(Ed25519.verify(Ed25519.publicKey(seed), new byte[1], sig));
    }

    @Test
    void mlDsaSignsVerifiesAndRoundTripsItsKey() {
        MlDsa65KeyPair k = MlDsa65KeyPair.generate(random);
        byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] sig = k.sign(msg);
        assertEquals(MlDsa65KeyPair.SIGNATURE_LENGTH, sig.length);
        assertEquals(MlDsa65KeyPair.PUBLIC_KEY_LENGTH, k.publicKey().length);
        assertTrue(MlDsa65KeyPair.verify(k.publicKey(), msg, sig));
        MlDsa65KeyPair back = MlDsa65KeyPair.decode(k.encode());
        assertArrayEquals(k.publicKey(), back.publicKey());
        assertTrue(MlDsa65KeyPair.verify(back.publicKey(), msg, back.sign(msg)));
        sig[0] ^= 1;
        assertFalse(MlDsa65KeyPair.verify(k.publicKey(), msg, sig));
        assertFalse(MlDsa65KeyPair.verify(new byte[10], msg, sig));
        assertThrows(CryptoFormatException.class, () -> MlDsa65KeyPair.decode(new byte[] {2}));
    }

    @Test
    void repositorySecretWrapsForEachReader() throws Exception {
        RepositorySecret secret = RepositorySecret.generate(random);
        ReaderKeyPair alice = ReaderKeyPair.generate(random);
        ReaderKeyPair bob = ReaderKeyPair.decode(ReaderKeyPair.generate(random).encode());
        byte[] forAlice = KeyWrap.wrap(secret, ReaderPublicKey.decode(alice.publicKey().encode()), random);
        byte[] forBob = KeyWrap.wrap(secret, bob.publicKey(), random);
        assertEquals(KeyWrap.WRAPPED_LENGTH, forAlice.length);
        assertEquals(secret, KeyWrap.unwrap(forAlice, alice));
        assertEquals(secret, KeyWrap.unwrap(forBob, bob));
        assertEquals(secret, KeyWrap.unwrap(forAlice, ReaderKeyPair.decode(alice.encode())));
        assertFalse(Arrays.equals(forAlice, KeyWrap.wrap(secret, alice.publicKey(), random)), "fresh ephemeral keys per wrap");
    }

    @Test
    void secretWrappedForAnotherReaderIsRefused() {
        RepositorySecret secret = RepositorySecret.generate(random);
        ReaderKeyPair alice = ReaderKeyPair.generate(random);
        ReaderKeyPair bob = ReaderKeyPair.generate(random);
        byte[] forAlice = KeyWrap.wrap(secret, alice.publicKey(), random);
        WrongReaderKeyException e = assertThrows(WrongReaderKeyException.class, () -> KeyWrap.unwrap(forAlice, bob));
        assertTrue(e.getMessage().contains("not for this key"), e.getMessage());
    }

    @Test
    void damagedWrapIsRejected() {
        RepositorySecret secret = RepositorySecret.generate(random);
        ReaderKeyPair alice = ReaderKeyPair.generate(random);
        byte[] w = KeyWrap.wrap(secret, alice.publicKey(), random);
        for (int pos : new int[] {20, 60, 500, 1140, w.length - 1}) {
            byte[] bad = w.clone();
            bad[pos] ^= 1;
            assertThrows(CryptoFormatException.class, () -> KeyWrap.unwrap(bad, alice), "flip at " + pos);
        }
        assertThrows(CryptoFormatException.class, () -> KeyWrap.unwrap(Arrays.copyOf(w, 100), alice));
        byte[] v2 = w.clone();
        v2[0] = 2;
        assertTrue(assertThrows(CryptoFormatException.class, () -> KeyWrap.unwrap(v2, alice)).getMessage().contains("version 2"));
    }

    @Test
    void passphraseBoxRoundTrips() throws Exception {
        byte[] secret = "top secret key material".getBytes(StandardCharsets.UTF_8);
        byte[] box = PassphraseBox.seal(secret, "correct horse ✓".toCharArray(), FAST, random);
        assertEquals(secret.length + PassphraseBox.OVERHEAD, box.length);
        assertArrayEquals(secret, PassphraseBox.open(box, "correct horse ✓".toCharArray()));
        assertNotEquals(HexFormat.of().formatHex(box), HexFormat.of().formatHex(PassphraseBox.seal(secret, "correct horse ✓".toCharArray(), FAST, random)));
    }

    @Test
    void wrongPassphraseIsReportedAsSuch() {
        byte[] box = PassphraseBox.seal(new byte[32], "right".toCharArray(), FAST, random);
        WrongPassphraseException e = assertThrows(WrongPassphraseException.class, () -> PassphraseBox.open(box, "wrong".toCharArray()));
        assertTrue(e.getMessage().contains("wrong passphrase"), e.getMessage());
    }

    @Test
    void corruptedPassphraseBoxIsNotMistakenForAWrongPassphrase() {
        byte[] box = PassphraseBox.seal(new byte[32], "right".toCharArray(), FAST, random);
        for (int pos = 4; pos < box.length; pos += 7) {
            byte[] bad = box.clone();
            bad[pos] ^= 1;
            CryptoFormatException e = assertThrows(CryptoFormatException.class, () -> PassphraseBox.open(bad, "right".toCharArray()), "flip at " + pos);
            assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        }
        assertThrows(CryptoFormatException.class, () -> PassphraseBox.open(Arrays.copyOf(box, box.length - 1), "right".toCharArray()));
        assertThrows(CryptoFormatException.class, () -> PassphraseBox.open(Arrays.copyOf(box, 10), "right".toCharArray()));
        assertThrows(CryptoFormatException.class, () -> PassphraseBox.open("not a box".getBytes(StandardCharsets.US_ASCII), "right".toCharArray()));
    }

    @Test
    void absurdArgon2ParametersAreRefusedBeforeRunning() {
        assertThrows(IllegalArgumentException.class, () -> new Argon2Params(4 * 1024 * 1024, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Params(1024, 0, 1));
    }

    @Test
    void repositorySecretHidesItself() {
        RepositorySecret s = RepositorySecret.generate(random);
        assertFalse(s.toString().contains(HexFormat.of().formatHex(s.bytes())));
        assertEquals(s, RepositorySecret.of(s.bytes()));
    }
}
