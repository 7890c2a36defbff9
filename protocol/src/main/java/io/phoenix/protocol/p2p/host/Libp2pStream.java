package io.phoenix.protocol.p2p.host;

import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.yamux.YamuxStream;
import java.io.InputStream;
import java.io.OutputStream;

/** A negotiated yamux stream seen through the {@link Stream} interface. */
final class Libp2pStream implements Stream {
    private final YamuxStream stream;
    private final PeerId peer;
    private final String protocol;

    Libp2pStream(YamuxStream stream, PeerId peer, String protocol) {
        this.stream = stream;
        this.peer = peer;
        this.protocol = protocol;
    }

    @Override
    public PeerId remotePeer() {
        return peer;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public InputStream input() {
        return stream.input();
    }

    @Override
    public OutputStream output() {
        return stream.output();
    }

    @Override
    public void closeWrite() {
        stream.closeWrite();
    }

    @Override
    public void reset() {
        stream.reset();
    }

    @Override
    public void close() {
        stream.close();
    }

    @Override
    public String toString() {
        return "Stream[" + protocol + " " + peer + " #" + stream.id() + "]";
    }
}
