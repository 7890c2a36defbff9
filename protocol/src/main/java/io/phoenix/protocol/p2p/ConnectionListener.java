package io.phoenix.protocol.p2p;

/** Told when a peer becomes connected (first connection) or disconnected (last one closed). */
public interface ConnectionListener {
    void connected(PeerId peer, Multiaddr remoteAddress, boolean inbound);

    void disconnected(PeerId peer);
}
