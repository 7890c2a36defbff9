package io.phoenix.protocol.p2p.host;

import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.mss.MultistreamSelect;
import io.phoenix.protocol.p2p.noise.NoiseException;
import io.phoenix.protocol.p2p.noise.NoiseSecureChannel;
import io.phoenix.protocol.p2p.noise.NoiseSession;
import io.phoenix.protocol.p2p.yamux.YamuxConfig;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.List;

/**
 * Raw TCP socket to secured, muxer-agreed connection: multistream-select {@code /noise}, the
 * Noise XX handshake, then the muxer either from the Noise early-muxer extension (both sides
 * listed {@code stream_muxers}) or by multistream-select of {@code /yamux/1.0.0} inside Noise.
 */
final class ConnectionUpgrader {
    /** Result: the Noise session and whether the muxer came from the early-muxer extension. */
    record Upgraded(NoiseSession noise, boolean earlyMuxer) {}

    private ConnectionUpgrader() {}

    static Upgraded upgrade(Socket socket, boolean initiator, IdentityKey identity, PeerId expected,
                            boolean offerEarlyMuxer, SecureRandom random) throws IOException {
        // Small buffer: Noise frame reads (up to 64 KiB) bypass it and go straight to the socket.
        InputStream in = new BufferedInputStream(socket.getInputStream(), 4096);
        OutputStream out = socket.getOutputStream();
        if (initiator) MultistreamSelect.select(in, out, List.of(NoiseSecureChannel.PROTOCOL_ID));
        else MultistreamSelect.handle(in, out, NoiseSecureChannel.PROTOCOL_ID::equals);
        List<String> local = offerEarlyMuxer ? List.of(YamuxConfig.PROTOCOL_ID) : List.of();
        NoiseSession noise = NoiseSecureChannel.secure(initiator, in, out, identity, expected, local, random);
        List<String> remote = noise.remoteMuxers();
        if (!local.isEmpty() && !remote.isEmpty()) {
            List<String> initiatorList = initiator ? local : remote;
            List<String> responderList = initiator ? remote : local;
            String chosen = initiatorList.stream().filter(responderList::contains).findFirst().orElse(null);
            if (chosen == null) {
                throw new NoiseException("Early muxer negotiation was requested but the initiator and responder had no common muxers: "
                        + initiatorList + " vs " + responderList);
            }
            return new Upgraded(noise, true);
        }
        if (initiator) MultistreamSelect.select(noise.in(), noise.out(), List.of(YamuxConfig.PROTOCOL_ID));
        else MultistreamSelect.handle(noise.in(), noise.out(), YamuxConfig.PROTOCOL_ID::equals);
        return new Upgraded(noise, false);
    }
}
