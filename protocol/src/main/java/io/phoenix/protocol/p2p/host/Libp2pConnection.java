package io.phoenix.protocol.p2p.host;

import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.yamux.YamuxSession;

/** One established connection: TCP + Noise + yamux, the proven remote peer and how the muxer was agreed. */
record Libp2pConnection(PeerId remotePeer, byte[] remoteIdentityKey, Multiaddr remoteAddress, boolean inbound,
                        boolean earlyMuxer, YamuxSession session) {
    boolean isOpen() {
        return !session.isClosed();
    }
}
