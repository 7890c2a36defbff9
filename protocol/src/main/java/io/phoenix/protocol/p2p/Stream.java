package io.phoenix.protocol.p2p;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One multiplexed, flow-controlled byte stream to a peer, after protocol negotiation. Blocking
 * I/O: callers run on virtual threads. Reading consumes the receive window (so a slow reader
 * back-pressures the sender); writing blocks while the send window is exhausted.
 *
 * <p>{@link #closeWrite()} half-closes (yamux FIN): the remote reads end-of-stream, and this side
 * can keep reading. {@link #reset()} aborts both directions. {@link #close()} = closeWrite, then
 * release once the remote has closed too (or reset if it never does within the host's timeout).
 */
public interface Stream extends Closeable {
    PeerId remotePeer();

    /** The negotiated protocol id, e.g. {@code /ipfs/ping/1.0.0}. */
    String protocol();

    InputStream input();

    OutputStream output();

    void closeWrite();

    void reset();

    @Override
    void close();
}
