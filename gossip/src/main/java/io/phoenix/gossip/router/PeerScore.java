package io.phoenix.gossip.router;

import io.phoenix.gossip.router.GossipConfig.ScoreParams;
import io.phoenix.protocol.p2p.PeerId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Peer scores (gossipsub v1.1, P4 and P7 only): {@code score = Σ_topic w4·invalid_t² + w7·max(0, penalty − threshold)²}.
 * Counters survive a disconnect (so reconnecting does not wash a bad score) and decay every heartbeat.
 */
final class PeerScore {
    private static final class Counters {
        final Map<String, Double> invalid = new HashMap<>();
        double behaviourPenalty;

        boolean zero() {
            return invalid.isEmpty() && behaviourPenalty == 0;
        }
    }

    private final ScoreParams params;
    private final Map<PeerId, Counters> counters = new HashMap<>();

    PeerScore(ScoreParams params) {
        this.params = params;
    }

    double score(PeerId peer) {
        Counters c = counters.get(peer);
        if (c == null) return 0;
        double s = 0;
        for (double v : c.invalid.values()) s += params.invalidMessageDeliveriesWeight() * v * v;
        double excess = c.behaviourPenalty - params.behaviourPenaltyThreshold();
        if (excess > 0) s += params.behaviourPenaltyWeight() * excess * excess;
        return s;
    }

    void invalidMessage(PeerId peer, String topic) {
        counters.computeIfAbsent(peer, p -> new Counters()).invalid.merge(topic, 1.0, Double::sum);
    }

    void behaviourPenalty(PeerId peer) {
        counters.computeIfAbsent(peer, p -> new Counters()).behaviourPenalty += 1;
    }

    /** Decays every counter; forgets peers that are not connected and have decayed to zero. */
    void decay(Set<PeerId> connected) {
        Iterator<Map.Entry<PeerId, Counters>> it = counters.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<PeerId, Counters> e = it.next();
            Counters c = e.getValue();
            c.invalid.replaceAll((t, v) -> v * params.invalidMessageDeliveriesDecay());
            c.invalid.values().removeIf(v -> v < params.decayToZero());
            c.behaviourPenalty *= params.behaviourPenaltyDecay();
            if (c.behaviourPenalty < params.decayToZero()) c.behaviourPenalty = 0;
            if (c.zero() && !connected.contains(e.getKey())) it.remove();
        }
    }
}
