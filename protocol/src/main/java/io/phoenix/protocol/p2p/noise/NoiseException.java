package io.phoenix.protocol.p2p.noise;

import io.phoenix.protocol.p2p.P2pException;

/** The Noise handshake or a transport frame failed (bad MAC, malformed payload, bad signature). Not retryable. */
public class NoiseException extends P2pException {
    private static final long serialVersionUID = 1L;

    public NoiseException(String message) {
        super(message, false);
    }
}
