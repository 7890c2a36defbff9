package io.phoenix.protocol.p2p.mss;

import io.phoenix.protocol.p2p.P2pException;

/** multistream-select failed: malformed message, wrong header, or no common protocol. Not retryable. */
public final class MultistreamException extends P2pException {
    private static final long serialVersionUID = 1L;

    public MultistreamException(String message) {
        super(message, false);
    }
}
