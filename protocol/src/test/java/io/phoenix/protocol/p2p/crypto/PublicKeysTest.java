package io.phoenix.protocol.p2p.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Multihash;
import io.phoenix.protocol.p2p.PeerId;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;

class PublicKeysTest {
    private static final byte[] MSG = "libp2p".getBytes(StandardCharsets.UTF_8);

    @Test
    void rsaKeyGivesSha256PeerIdAndVerifies() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        byte[] pb = PublicKeys.encode(PublicKeys.KeyType.RSA, kp.getPublic().getEncoded());
        PeerId id = PublicKeys.peerId(pb);
        assertTrue(id.toString().startsWith("Qm"));
        assertEquals(Multihash.SHA2_256, Multihash.fromBytes(id.toBytes()).code());
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(kp.getPrivate());
        s.update(MSG);
        byte[] sig = s.sign();
        assertTrue(PublicKeys.verify(pb, MSG, sig));
        assertFalse(PublicKeys.verify(pb, "other".getBytes(StandardCharsets.UTF_8), sig));
    }

    @Test
    void ecdsaP256KeyVerifies() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        byte[] pb = PublicKeys.encode(PublicKeys.KeyType.ECDSA, kp.getPublic().getEncoded());
        assertEquals(PublicKeys.KeyType.ECDSA, PublicKeys.type(pb));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(kp.getPrivate());
        s.update(MSG);
        assertTrue(PublicKeys.verify(pb, MSG, s.sign()));
        PublicKeys.peerId(pb);
    }

    @Test
    void secp256k1KeyGivesInlinePeerIdAndVerifies() throws Exception {
        var x9 = CustomNamedCurves.getByName("secp256k1");
        ECDomainParameters dom = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
        ECKeyPairGenerator gen = new ECKeyPairGenerator();
        gen.init(new ECKeyGenerationParameters(dom, new SecureRandom()));
        AsymmetricCipherKeyPair kp = gen.generateKeyPair();
        byte[] compressed = ((ECPublicKeyParameters) kp.getPublic()).getQ().getEncoded(true);
        byte[] pb = PublicKeys.encode(PublicKeys.KeyType.SECP256K1, compressed);
        PeerId id = PublicKeys.peerId(pb);
        assertTrue(id.toString().startsWith("16Uiu2"));
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, (ECPrivateKeyParameters) kp.getPrivate());
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(MSG);
        var rs = signer.generateSignature(hash);
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(rs[0]));
        v.add(new ASN1Integer(rs[1]));
        byte[] der = new DERSequence(v).getEncoded();
        assertTrue(PublicKeys.verify(pb, MSG, der));
        assertFalse(PublicKeys.verify(pb, "x".getBytes(StandardCharsets.UTF_8), der));
        assertFalse(PublicKeys.verify(pb, MSG, new byte[] {1, 2, 3}));
    }

    @Test
    void ed25519KeyBytesAreDeterministic() {
        IdentityKey k = IdentityKey.generate(new SecureRandom());
        byte[] pb = k.publicKeyProtobuf();
        assertEquals(36, pb.length);
        assertEquals("08011220", HexFormat.of().formatHex(pb, 0, 4));
        assertEquals(k.peerId(), PublicKeys.peerId(pb));
    }

    @Test
    void malformedKeysAreRejected() {
        assertThrows(FormatException.class, () -> PublicKeys.peerId(new byte[0]));
        assertThrows(FormatException.class, () -> PublicKeys.peerId(HexFormat.of().parseHex("0801122000")));
        assertThrows(FormatException.class, () -> PublicKeys.peerId(HexFormat.of().parseHex("0809120100")));
        byte[] badPoint = PublicKeys.encode(PublicKeys.KeyType.SECP256K1, new byte[33]);
        assertThrows(FormatException.class, () -> PublicKeys.peerId(badPoint));
        byte[] badRsa = PublicKeys.encode(PublicKeys.KeyType.RSA, new byte[300]);
        assertThrows(FormatException.class, () -> PublicKeys.peerId(badRsa));
        byte[] trailing = new byte[] {0x08, 0x01, 0x12, 0x01, 0x00, 0x00};
        assertThrows(FormatException.class, () -> PublicKeys.peerId(trailing));
    }

    @Test
    void randomKeyBytesOnlyEverThrowFormatException() {
        Random r = new Random(11);
        byte[] good = IdentityKey.generate(new SecureRandom()).publicKeyProtobuf();
        for (int i = 0; i < 5000; i++) {
            byte[] junk;
            if (i % 2 == 0) {
                junk = new byte[r.nextInt(60)];
                r.nextBytes(junk);
            } else {
                junk = good.clone();
                junk[r.nextInt(junk.length)] = (byte) r.nextInt();
            }
            try {
                PublicKeys.verify(junk, MSG, new byte[64]);
            } catch (FormatException expected) {
                // the only allowed failure
            }
        }
    }
}
