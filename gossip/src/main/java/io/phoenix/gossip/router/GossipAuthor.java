package io.phoenix.gossip.router;

import io.phoenix.protocol.p2p.PeerId;
import java.util.function.UnaryOperator;

/**
 * The identity that signs what this router publishes (StrictSign): its peer id, its libp2p
 * {@code PublicKey} protobuf and a signing function (Ed25519 over the given bytes). Built from the
 * node's {@code IdentityKey}: {@code new GossipAuthor(key.peerId(), key.publicKeyProtobuf(), key::sign)}.
 */
public record GossipAuthor(PeerId peerId, byte[] publicKeyProtobuf, UnaryOperator<byte[]> signer) {
    public GossipAuthor {
        if (!peerId.matchesPublicKey(publicKeyProtobuf)) {
            throw new IllegalArgumentException("public key does not belong to peer id " + peerId);
        }
        publicKeyProtobuf = publicKeyProtobuf.clone();
    }

    @Override
    public byte[] publicKeyProtobuf() {
        return publicKeyProtobuf.clone();
    }

    public byte[] sign(byte[] payload) {
        return signer.apply(payload);
    }
}
