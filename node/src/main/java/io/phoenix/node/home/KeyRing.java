package io.phoenix.node.home;

import io.phoenix.protocol.block.DataKeys;
import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.manifest.ManifestSigner;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import java.util.Arrays;

/**
 * Everything a node needs once its home is unlocked.
 *
 * @param identity the node's libp2p identity (Ed25519); also the manifest author's Ed25519 key
 * @param writer the ML-DSA-65 key that co-signs manifests
 * @param repositorySecret the 256-bit repository secret (for wrapping to readers, recovery shares)
 * @param dataKeys block, nonce and tree keys derived from the repository secret
 */
public record KeyRing(IdentityKey identity, MlDsa65KeyPair writer, byte[] repositorySecret, DataKeys dataKeys) {
    public KeyRing {
        if (repositorySecret.length != 32) throw new IllegalArgumentException("repository secret must be 32 bytes");
        repositorySecret = repositorySecret.clone();
    }

    public static KeyRing of(IdentityKey identity, MlDsa65KeyPair writer, byte[] repositorySecret) {
        return new KeyRing(identity, writer, repositorySecret, DataKeys.derive(repositorySecret));
    }

    @Override
    public byte[] repositorySecret() {
        return repositorySecret.clone();
    }

    public PeerId peerId() {
        return identity.peerId();
    }

    /** Signs manifests with the identity key (Ed25519) and the writer key (ML-DSA-65). */
    public ManifestSigner signer() {
        byte[] protobuf = identity.toPrivateKeyProtobuf(); // 08 01 12 40 <seed(32) ‖ public(32)>
        byte[] seed = Arrays.copyOfRange(protobuf, 4, 36);
        try {
            return new ManifestSigner(seed, writer);
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(protobuf, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "KeyRing[" + identity.peerId() + ", secrets hidden]";
    }
}
