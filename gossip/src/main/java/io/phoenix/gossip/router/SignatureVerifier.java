package io.phoenix.gossip.router;

/** Checks a signature made by the key in a libp2p {@code PublicKey} protobuf (e.g. {@code PublicKeys::verify}). */
@FunctionalInterface
public interface SignatureVerifier {
    /** False for a bad signature or an unsupported / malformed key; never throws for bad input. */
    boolean verify(byte[] publicKeyProtobuf, byte[] message, byte[] signature);
}
