package io.phoenix.protocol.testing;

import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import java.util.Random;

/** Deterministic Ed25519 identities for tests. */
public final class TestPeers {
    private TestPeers() {}

    public static IdentityKey identity(long seed) {
        byte[] s = new byte[32];
        new Random(seed).nextBytes(s);
        return IdentityKey.fromSeed(s);
    }

    public static PeerId peer(long seed) {
        return identity(seed).peerId();
    }
}
