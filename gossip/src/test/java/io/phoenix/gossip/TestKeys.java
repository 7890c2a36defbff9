package io.phoenix.gossip;

import io.phoenix.gossip.router.GossipAuthor;
import io.phoenix.gossip.router.SignatureVerifier;
import io.phoenix.protocol.p2p.PeerId;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Ed25519 gossip authors from a seeded Random, and a verifier, for tests (Bouncy Castle). */
public final class TestKeys {
    private static final byte[] ED25519_PREFIX = {0x08, 0x01, 0x12, 0x20};

    private TestKeys() {}

    public static GossipAuthor author(Random random) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        Ed25519PrivateKeyParameters sk = new Ed25519PrivateKeyParameters(seed);
        byte[] proto = publicKeyProtobuf(sk.generatePublicKey().getEncoded());
        return new GossipAuthor(PeerId.fromPublicKeyProtobuf(proto), proto, msg -> {
            Ed25519Signer s = new Ed25519Signer();
            s.init(true, sk);
            s.update(msg, 0, msg.length);
            return s.generateSignature();
        });
    }

    public static byte[] publicKeyProtobuf(byte[] raw) {
        byte[] out = Arrays.copyOf(ED25519_PREFIX, 36);
        System.arraycopy(raw, 0, out, 4, 32);
        return out;
    }

    public static final SignatureVerifier VERIFIER = (key, msg, sig) -> {
        if (key.length != 36 || !Arrays.equals(Arrays.copyOf(key, 4), ED25519_PREFIX) || sig.length != 64) return false;
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, new Ed25519PublicKeyParameters(key, 4));
        v.update(msg, 0, msg.length);
        return v.verifySignature(sig);
    };
}
