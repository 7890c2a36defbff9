package io.phoenix.gossip.router;

import java.time.Duration;

/**
 * Gossipsub v1.1 parameters. {@link #defaults()} matches js-libp2p gossipsub 14 (and the spec's
 * recommendations): D=6, Dlo=4, Dhi=12, Dlazy=6, Dscore=4, Dout=2, heartbeat 1 s, message cache
 * 5 heartbeats of which 3 are gossiped, seen cache 2 min, fanout TTL 1 min, prune backoff 1 min.
 */
public record GossipConfig(
        int d,
        int dLow,
        int dHigh,
        int dLazy,
        int dScore,
        int dOut,
        double gossipFactor,
        Duration heartbeatInterval,
        int historyLength,
        int historyGossip,
        Duration seenTtl,
        Duration fanoutTtl,
        Duration pruneBackoff,
        boolean floodPublish,
        int maxIHaveLength,
        int maxIHaveMessages,
        int maxRpcSize,
        ScoreParams score) {

    public GossipConfig {
        if (dLow > d || d > dHigh || dOut >= dLow || dOut > d / 2 || dScore > d) {
            throw new IllegalArgumentException("need dOut < dLow <= d <= dHigh, dOut <= d/2, dScore <= d");
        }
        if (historyGossip > historyLength || historyGossip < 1) {
            throw new IllegalArgumentException("need 1 <= historyGossip <= historyLength");
        }
    }

    public static GossipConfig defaults() {
        return new GossipConfig(6, 4, 12, 6, 4, 2, 0.25, Duration.ofSeconds(1), 5, 3,
                Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(1), true,
                5000, 10, 4 * 1024 * 1024, ScoreParams.defaults());
    }

    public GossipConfig withHeartbeatInterval(Duration interval) {
        return new GossipConfig(d, dLow, dHigh, dLazy, dScore, dOut, gossipFactor, interval, historyLength,
                historyGossip, seenTtl, fanoutTtl, pruneBackoff, floodPublish, maxIHaveLength,
                maxIHaveMessages, maxRpcSize, score);
    }

    public GossipConfig withFloodPublish(boolean flood) {
        return new GossipConfig(d, dLow, dHigh, dLazy, dScore, dOut, gossipFactor, heartbeatInterval,
                historyLength, historyGossip, seenTtl, fanoutTtl, pruneBackoff, flood, maxIHaveLength,
                maxIHaveMessages, maxRpcSize, score);
    }

    /**
     * The parts of the v1.1 peer score this router computes: P4 (invalid message deliveries,
     * weighted per topic, squared) and P7 (behaviour penalty above a threshold, squared), each
     * counter decayed once per heartbeat. Thresholds as in the spec: below {@code gossipThreshold}
     * no gossip is exchanged with the peer, below {@code publishThreshold} it gets no flood
     * publishes, below {@code graylistThreshold} its RPCs are ignored entirely.
     */
    public record ScoreParams(
            double invalidMessageDeliveriesWeight,
            double invalidMessageDeliveriesDecay,
            double behaviourPenaltyWeight,
            double behaviourPenaltyThreshold,
            double behaviourPenaltyDecay,
            double decayToZero,
            double gossipThreshold,
            double publishThreshold,
            double graylistThreshold) {

        public ScoreParams {
            if (!(graylistThreshold < publishThreshold && publishThreshold < gossipThreshold && gossipThreshold <= 0)) {
                throw new IllegalArgumentException("need graylist < publish < gossip <= 0");
            }
            if (invalidMessageDeliveriesWeight > 0 || behaviourPenaltyWeight > 0) {
                throw new IllegalArgumentException("penalty weights must be <= 0");
            }
        }

        /** One invalid message costs -30 (no more gossip), two cost -120 (graylisted). */
        public static ScoreParams defaults() {
            return new ScoreParams(-30, 0.99, -10, 0, 0.99, 0.01, -10, -50, -80);
        }
    }
}
