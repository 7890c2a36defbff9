package io.phoenix.protocol.heads;

import io.phoenix.protocol.p2p.PeerId;

/** The last {@link HeadsView} a peer sent, and when (milliseconds, the engine's clock). */
public record PeerView(PeerId peer, HeadsView view, long receivedAtMillis) {}
