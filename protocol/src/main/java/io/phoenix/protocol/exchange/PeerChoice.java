package io.phoenix.protocol.exchange;

import java.util.List;

/**
 * Which peer a {@link FetchScheduler} asks for a block: the holder expected to deliver it soonest
 * by its measured rate and queue, within the download limits, with a penalty for seeds (peers that
 * hold everything) when a partial holder has the block too, so the origin uploads each block about
 * once. Pure; not thread-safe (it remembers the last limit wait for its caller).
 */
final class PeerChoice {
    private final DownloadLimits limits;
    private final double seedPenalty;
    private long waitUntil = Long.MAX_VALUE;

    PeerChoice(DownloadLimits limits, double seedPenalty) {
        this.limits = limits;
        this.seedPenalty = seedPenalty;
    }

    /** After {@link #choose}: when a per-peer limit that held a holder back has room again, else {@code Long.MAX_VALUE}. */
    long waitUntil() {
        return waitUntil;
    }

    /**
     * The holder expected to deliver {@code e} soonest, a seed's cost multiplied by the seed
     * penalty when a partial holder also has it; null to leave it for later. A partial holder
     * without room counts too (with its queue): the block then waits for it rather than going to a
     * seed, unless the seed would still be faster with the penalty, so that a seed's upload goes to
     * blocks nobody else has.
     */
    FetchPeer choose(FetchEntry e, List<FetchPeer> live, long now) {
        waitUntil = Long.MAX_VALUE;
        boolean partialHolder = false;
        boolean freshHolder = false;
        for (int i = 0; i < live.size(); i++) { // indexed: called per candidate block, no iterator each time
            FetchPeer p = live.get(i);
            if (!p.holds(e)) continue;
            if (!p.seed) partialHolder = true;
            if (e.failedAt == null || !e.failedAt.contains(p.id)) freshHolder = true;
        }
        FetchPeer best = null;
        double bestCost = Double.MAX_VALUE;
        double busyPartialCost = Double.MAX_VALUE;
        for (int i = 0; i < live.size(); i++) {
            FetchPeer p = live.get(i);
            if (!p.holds(e)) continue;
            if (freshHolder && e.failedAt != null && e.failedAt.contains(p.id)) continue;
            long wait = p.hasRoom() ? limits.peerDelay(p, now) : 0;
            if (wait > 0) waitUntil = Math.min(waitUntil, now + wait);
            if (!p.hasRoom() || wait > 0) {
                if (!p.seed) busyPartialCost = Math.min(busyPartialCost, p.expectedMillis(e.size) + wait);
                continue;
            }
            double cost = p.expectedMillis(e.size);
            if (partialHolder && p.seed) cost *= seedPenalty;
            if (cost < bestCost) {
                bestCost = cost;
                best = p;
            }
        }
        if (best != null && best.seed && bestCost >= busyPartialCost) return null;
        return best;
    }

    /**
     * A partial holder with room to take over a request queued at a seed (up to twice its window:
     * the request waits anyway), the one expected soonest; null when there is none.
     */
    FetchPeer partialFor(FetchEntry e, List<FetchPeer> live, long now) {
        FetchPeer best = null;
        double bestCost = Double.MAX_VALUE;
        for (FetchPeer p : live) {
            if (p.seed || !p.holds(e) || !p.hasStealRoom() || limits.peerDelay(p, now) > 0) continue;
            if (e.failedAt != null && e.failedAt.contains(p.id)) continue;
            double cost = p.expectedMillis(e.size);
            if (cost < bestCost) {
                bestCost = cost;
                best = p;
            }
        }
        return best;
    }
}
