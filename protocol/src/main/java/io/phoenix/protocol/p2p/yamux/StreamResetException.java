package io.phoenix.protocol.p2p.yamux;

import java.io.IOException;

/** The stream was reset (by either side) or its connection closed before it finished. */
public final class StreamResetException extends IOException {
    private static final long serialVersionUID = 1L;

    public StreamResetException(String message) {
        super(message);
    }
}
