package io.phoenix.protocol.p2p.identify;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.p2p.P2pException;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.reqresp.LengthPrefixed;
import java.io.IOException;

/**
 * {@code /ipfs/id/1.0.0}: the responder writes one {@code uvarint}-length-prefixed
 * {@code Identify} protobuf (≤ 8 KiB) and closes; the requester reads it. The requester checks
 * that the advertised public key belongs to the peer the connection authenticated.
 */
public final class IdentifyProtocol {
    public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";
    public static final String PROTOCOL_VERSION = "ipfs/0.1.0";
    public static final int MAX_MESSAGE = 8192;

    private IdentifyProtocol() {}

    public static void respond(Stream stream, IdentifyInfo info) throws IOException {
        LengthPrefixed.write(stream.output(), info.encode());
        stream.closeWrite();
    }

    public static IdentifyInfo request(Stream stream) throws IOException {
        byte[] msg = LengthPrefixed.read(stream.input(), MAX_MESSAGE);
        if (msg == null) throw new P2pException("identify stream closed without a message", false);
        IdentifyInfo info = IdentifyInfo.decode(msg);
        boolean matches;
        try {
            matches = info.publicKey() == null || stream.remotePeer().matchesPublicKey(info.publicKey());
        } catch (FormatException e) {
            matches = false;
        }
        if (!matches) throw new P2pException("identify public key does not belong to " + stream.remotePeer(), false);
        stream.close();
        return info;
    }
}
