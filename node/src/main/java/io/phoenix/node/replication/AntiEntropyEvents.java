package io.phoenix.node.replication;

import io.phoenix.protocol.heads.PeerView;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.swarm.Head;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import io.phoenix.swarm.heads.HeadsExchange;
import java.time.Clock;

/**
 * What the daemon does with what anti-entropy learns: a head it does not know is learnt through the
 * {@link ManifestFetcher}; receipts, when each peer was last heard from and its progress go into
 * the {@link SwarmState}.
 */
public final class AntiEntropyEvents implements HeadsExchange.Listener {
    private final ManifestFetcher fetcher;
    private final SwarmState state;
    private final Clock clock;

    public AntiEntropyEvents(ManifestFetcher fetcher, SwarmState state, Clock clock) {
        this.fetcher = fetcher;
        this.state = state;
        this.clock = clock;
    }

    @Override
    public void missing(PeerId from, Head head) {
        fetcher.missing(from, head);
    }

    @Override
    public void receipt(ReplicationReceipt r) {
        state.addReceipt(r);
    }

    @Override
    public void peerView(PeerView view) {
        state.seen(view.peer(), clock.instant());
        state.peerProgress(view.peer(), view.view().partial(), clock.instant());
    }
}
