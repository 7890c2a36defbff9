package io.phoenix.protocol.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The order in which {@link FetchScheduler} assigns needed blocks: lowest priority first, then
 * rarest (fewest connected holders), then the entry's random tiebreak, then want order. It is asked
 * at every poll, i.e. about once per arriving block: with small blocks thousands of times a second
 * over a window of 4,096. So the window is not sorted each time ({@code O(W log W)}, most of a
 * replica's CPU in a testnet of small files, docs/benchmarks.md): the live entries are kept by
 * (priority, tiebreak, want order), and each priority's entries are distributed by holder count
 * into buckets, in that order, which yields exactly the full order in {@code O(W)}.
 */
final class NeededOrder {
    private final TreeSet<FetchEntry> byPriority = new TreeSet<>(NeededOrder::basicOrder);

    void add(FetchEntry e) {
        byPriority.add(e);
    }

    void remove(FetchEntry e) {
        byPriority.remove(e);
    }

    /** The entries still needed that at least one of {@code live} holds, in assignment order. */
    List<FetchEntry> candidates(List<FetchPeer> live, int expected) {
        List<FetchEntry> candidates = new ArrayList<>(expected);
        List<List<FetchEntry>> byHolders = new ArrayList<>(live.size() + 1);
        for (int i = 0; i <= live.size(); i++) byHolders.add(new ArrayList<>());
        long priority = Long.MIN_VALUE;
        for (FetchEntry e : byPriority) {
            if (e.priority != priority) {
                drain(byHolders, candidates);
                priority = e.priority;
            }
            if (e.state != FetchEntry.State.NEEDED) continue;
            int n = 0;
            for (int i = 0; i < live.size(); i++) if (live.get(i).holds(e)) n++;
            if (n > 0) byHolders.get(n).add(e);
        }
        drain(byHolders, candidates);
        return candidates;
    }

    /** Appends the buckets' entries, fewest holders first, and empties them. */
    private static void drain(List<List<FetchEntry>> byHolders, List<FetchEntry> out) {
        for (List<FetchEntry> b : byHolders) {
            out.addAll(b);
            b.clear();
        }
    }

    private static int basicOrder(FetchEntry a, FetchEntry b) {
        int c = Long.compare(a.priority, b.priority);
        if (c != 0) return c;
        c = Integer.compare(a.tiebreak, b.tiebreak);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    }
}
