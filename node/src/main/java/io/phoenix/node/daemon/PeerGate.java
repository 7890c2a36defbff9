package io.phoenix.node.daemon;

import io.phoenix.node.replication.SwarmState;
import io.phoenix.protocol.p2p.ConnectionListener;
import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.swarm.GateDecision;
import io.phoenix.protocol.swarm.SwarmGate;
import java.time.Clock;

/**
 * Every new connection passes the swarm gate: a peer that is not a site of the swarm is logged and
 * disconnected; a site's connecting and disconnecting count as being heard from.
 */
final class PeerGate implements ConnectionListener {
    private static final System.Logger LOG = System.getLogger(PeerGate.class.getName());

    private final Host host;
    private final SwarmGate gate;
    private final SwarmState state;
    private final Clock clock;

    PeerGate(Host host, SwarmGate gate, SwarmState state, Clock clock) {
        this.host = host;
        this.gate = gate;
        this.state = state;
        this.clock = clock;
    }

    @Override
    public void connected(PeerId peer, Multiaddr remoteAddress, boolean inbound) {
        GateDecision d = gate.checkPeer(peer);
        if (!d.accepted()) {
            LOG.log(System.Logger.Level.WARNING, d.reason() + " (from " + remoteAddress + ")");
            host.disconnect(peer);
            return;
        }
        state.seen(peer, clock.instant());
    }

    @Override
    public void disconnected(PeerId peer) {
        state.seen(peer, clock.instant());
    }
}
