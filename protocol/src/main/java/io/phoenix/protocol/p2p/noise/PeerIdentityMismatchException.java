package io.phoenix.protocol.p2p.noise;

import io.phoenix.protocol.p2p.PeerId;

/** The remote proved an identity other than the {@code /p2p/} id that was dialed. Not retryable. */
public final class PeerIdentityMismatchException extends NoiseException {
    private static final long serialVersionUID = 1L;
    private final transient PeerId expected;
    private final transient PeerId actual;

    public PeerIdentityMismatchException(PeerId expected, PeerId actual) {
        super("dialed peer " + expected + " but the remote proved identity " + actual + " in the Noise handshake");
        this.expected = expected;
        this.actual = actual;
    }

    public PeerId expected() {
        return expected;
    }

    public PeerId actual() {
        return actual;
    }
}
