package io.phoenix.protocol.heads;

import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.swarm.Head;
import io.phoenix.protocol.swarm.ReplicationReceipt;

/** What the {@link AntiEntropy} engine asks its binding (and the node) to do. */
public sealed interface AntiEntropyAction {
    /** Exchange heads with the peer now. */
    record Exchange(PeerId peer) implements AntiEntropyAction {}

    /** The peer is not of our swarm: log {@code reason} and disconnect. */
    record Refuse(PeerId peer, String reason) implements AntiEntropyAction {}

    /** The peer has a head we do not know: fetch and verify its manifest (from that peer first). */
    record Missing(PeerId from, Head head) implements AntiEntropyAction {}

    /** A receipt we did not know, verified. */
    record NewReceipt(ReplicationReceipt receipt) implements AntiEntropyAction {}
}
