package io.phoenix.protocol.manifest;

import io.phoenix.protocol.crypto.Ed25519;
import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.p2p.PeerId;
import java.util.Arrays;
import java.util.Objects;

/**
 * Who wrote a manifest: the libp2p peer id and both public keys.
 *
 * @param ed25519PublicKey 32 bytes; the peer id must be derived from it
 * @param mlDsa65PublicKey 1,952 bytes
 */
public record Author(PeerId peerId, byte[] ed25519PublicKey, byte[] mlDsa65PublicKey) {
    public Author {
        Objects.requireNonNull(peerId, "peerId");
        if (ed25519PublicKey.length != Ed25519.PUBLIC_KEY_LENGTH) throw new IllegalArgumentException("Ed25519 public key must be 32 bytes");
        if (mlDsa65PublicKey.length != MlDsa65KeyPair.PUBLIC_KEY_LENGTH) throw new IllegalArgumentException("ML-DSA-65 public key must be 1952 bytes");
        ed25519PublicKey = ed25519PublicKey.clone();
        mlDsa65PublicKey = mlDsa65PublicKey.clone();
    }

    /** The libp2p peer id of an Ed25519 public key ({@code PublicKey} protobuf {@code 08 01 12 20 ‖ key}, identity multihash). */
    public static PeerId peerIdOf(byte[] ed25519PublicKey) {
        byte[] pb = new byte[4 + 32];
        pb[0] = 0x08;
        pb[1] = 0x01;
        pb[2] = 0x12;
        pb[3] = 0x20;
        System.arraycopy(ed25519PublicKey, 0, pb, 4, 32);
        return PeerId.fromPublicKeyProtobuf(pb);
    }

    /** True when {@link #peerId} is the id of {@link #ed25519PublicKey}. */
    public boolean peerIdMatchesKey() {
        return peerIdOf(ed25519PublicKey).equals(peerId);
    }

    @Override
    public byte[] ed25519PublicKey() {
        return ed25519PublicKey.clone();
    }

    @Override
    public byte[] mlDsa65PublicKey() {
        return mlDsa65PublicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Author a && a.peerId.equals(peerId) && Arrays.equals(a.ed25519PublicKey, ed25519PublicKey)
                && Arrays.equals(a.mlDsa65PublicKey, mlDsa65PublicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(peerId, Arrays.hashCode(ed25519PublicKey));
    }

    @Override
    public String toString() {
        return "Author[" + peerId + "]";
    }
}
