package io.phoenix.protocol.p2p.noise;

import io.phoenix.protocol.p2p.PeerId;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** A completed Noise handshake: the proven remote identity, its early-muxer list and the secured streams. */
public record NoiseSession(PeerId remotePeer, byte[] remoteIdentityKey, List<String> remoteMuxers,
                           NoiseInputStream input, NoiseOutputStream output) {
    public InputStream in() {
        return input;
    }

    public OutputStream out() {
        return output;
    }
}
