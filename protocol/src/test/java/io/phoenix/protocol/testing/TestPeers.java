package io.phoenix.protocol.testing;

import io.phoenix.protocol.p2p.PeerId;
import java.util.Random;

/** Deterministic Ed25519-shaped peer ids for tests (the key bytes are random, not a real key). */
public final class TestPeers {
    private TestPeers() {}

    /** {@code PublicKey{Type=Ed25519(1), Data=32 bytes}} protobuf, seeded. */
    public static byte[] publicKeyProtobuf(long seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        byte[] pb = new byte[4 + 32];
        pb[0] = 0x08;
        pb[1] = 0x01;
        pb[2] = 0x12;
        pb[3] = 0x20;
        System.arraycopy(key, 0, pb, 4, 32);
        return pb;
    }

    public static PeerId peer(long seed) {
        return PeerId.fromPublicKeyProtobuf(publicKeyProtobuf(seed));
    }
}
