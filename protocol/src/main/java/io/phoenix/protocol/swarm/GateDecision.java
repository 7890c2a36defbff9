package io.phoenix.protocol.swarm;

import io.phoenix.protocol.p2p.PeerId;

/**
 * Whether a remote peer may talk to us, and why not. {@code site} is the matching site when
 * accepted, else null; {@code reason} is a complete log line when refused, else null.
 */
public record GateDecision(PeerId peer, boolean accepted, Site site, String reason) {
    static GateDecision accept(PeerId peer, Site site) {
        return new GateDecision(peer, true, site, null);
    }

    static GateDecision refuse(PeerId peer, String reason) {
        return new GateDecision(peer, false, null, reason);
    }
}
