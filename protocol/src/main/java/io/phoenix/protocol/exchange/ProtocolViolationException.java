package io.phoenix.protocol.exchange;

import io.phoenix.protocol.p2p.P2pException;

/**
 * The remote broke the wire protocol (oversized or malformed frame, unexpected message, bad
 * block). Not retryable with the same peer: the stream is reset and the peer penalised.
 */
public class ProtocolViolationException extends P2pException {
    private static final long serialVersionUID = 1L;

    public ProtocolViolationException(String message) {
        super(message, false);
    }

    public ProtocolViolationException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
