package io.phoenix.protocol.p2p.yamux;

import io.phoenix.protocol.p2p.P2pException;

/** The remote violated the yamux protocol; the session is closed. Not retryable on this connection. */
public final class YamuxException extends P2pException {
    private static final long serialVersionUID = 1L;

    public YamuxException(String message) {
        super(message, false);
    }
}
