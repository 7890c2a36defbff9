package io.phoenix.gossip.antientropy;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.swarm.Head;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import java.util.List;
import java.util.Set;

/** What one node says about the history: its heads, the snapshots it holds complete, receipts it knows. */
public record HeadsView(List<Head> heads, Set<Cid> complete, List<ReplicationReceipt> receipts) {
    public HeadsView {
        heads = List.copyOf(heads);
        complete = Set.copyOf(complete);
        receipts = List.copyOf(receipts);
    }

    public static HeadsView empty() {
        return new HeadsView(List.of(), Set.of(), List.of());
    }
}
