package io.phoenix.protocol.heads;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.swarm.Head;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import java.util.List;
import java.util.Set;

/**
 * What one node says about the history: its heads, the snapshots it holds complete, receipts it
 * knows, and its progress on the snapshots it is still fetching.
 */
public record HeadsView(List<Head> heads, Set<Cid> complete, List<ReplicationReceipt> receipts, List<PartialHolding> partial) {
    public HeadsView {
        heads = List.copyOf(heads);
        complete = Set.copyOf(complete);
        receipts = List.copyOf(receipts);
        partial = List.copyOf(partial);
    }

    /** A view without progress on unfinished snapshots. */
    public HeadsView(List<Head> heads, Set<Cid> complete, List<ReplicationReceipt> receipts) {
        this(heads, complete, receipts, List.of());
    }

    public static HeadsView empty() {
        return new HeadsView(List.of(), Set.of(), List.of());
    }
}
