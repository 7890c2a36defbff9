package io.phoenix.node.replication;

import io.phoenix.protocol.exchange.LocalHoldings;
import io.phoenix.protocol.heads.HeadsView;
import io.phoenix.protocol.heads.PartialHolding;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.swarm.Head;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What this node tells its peers in anti-entropy: the {@link #MAX_HEADS} newest snapshots it knows,
 * which of them it holds complete, how far it is with the others it is fetching, and up to
 * {@link #MAX_RECEIPTS} receipts. Pure.
 */
public final class LocalHeadsView {
    public static final int MAX_HEADS = 64;
    public static final int MAX_RECEIPTS = 1024;

    private LocalHeadsView() {}

    /**
     * @param newestFirst the newest known snapshots, newest first (only the first {@link #MAX_HEADS} are used)
     * @param complete    whether this node holds a snapshot complete
     * @param holdings    what this node holds of a snapshot (blocks of its index)
     * @param receipts    the receipts this node knows
     */
    public static HeadsView of(List<SwarmState.Known> newestFirst, Predicate<Cid> complete,
                               Function<Cid, LocalHoldings.View> holdings, List<ReplicationReceipt> receipts) {
        List<Head> heads = new ArrayList<>();
        Set<Cid> done = new HashSet<>();
        List<PartialHolding> partial = new ArrayList<>();
        for (SwarmState.Known k : newestFirst) {
            if (heads.size() >= MAX_HEADS) break;
            heads.add(new Head(k.cid(), k.sequence(), k.timeMillis()));
            if (complete.test(k.cid())) {
                done.add(k.cid());
            } else {
                LocalHoldings.View v = holdings.apply(k.cid());
                if (v.total() > 0) partial.add(new PartialHolding(k.cid(), v.held(), v.total()));
            }
        }
        return new HeadsView(heads, done, receipts.size() > MAX_RECEIPTS ? receipts.subList(0, MAX_RECEIPTS) : receipts, partial);
    }
}
