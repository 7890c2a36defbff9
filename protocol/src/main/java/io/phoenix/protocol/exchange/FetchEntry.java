package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import java.util.Arrays;
import java.util.Set;

/** One live wanted block of a {@link FetchScheduler}: where it is in the index, where it is asked, who failed it. */
final class FetchEntry {
    enum State { NEEDED, IN_FLIGHT, DONE }

    final long position;
    /** Further positions of the same CID (an index may list a CID twice), else null. */
    private long[] more;
    final Cid cid;
    final long priority;
    final long size;
    final int tiebreak;
    /** Its rank in the order blocks were wanted: the last key of the scheduler's order, so that no two entries tie. */
    final long seq;
    State state = State.NEEDED;
    FetchPeer at;
    long sentAt;
    long deadline;
    Set<PeerId> failedAt;
    /** Complete peers that answered DontHave for it. */
    Set<PeerId> lostAt;

    FetchEntry(long position, Cid cid, long priority, long size, int tiebreak, long seq) {
        this.position = position;
        this.cid = cid;
        this.priority = priority;
        this.size = size;
        this.tiebreak = tiebreak;
        this.seq = seq;
    }

    boolean isAt(long p) {
        if (p == position) return true;
        if (more != null) for (long m : more) if (m == p) return true;
        return false;
    }

    void addPosition(long p) {
        if (isAt(p)) return;
        more = more == null ? new long[] {p} : Arrays.copyOf(more, more.length + 1);
        more[more.length - 1] = p;
    }

    /** Whether {@code set} has any of this entry's positions. */
    boolean anyIn(PositionSet set) {
        if (set.contains(position)) return true;
        if (more != null) for (long m : more) if (set.contains(m)) return true;
        return false;
    }

    long[] positions() {
        if (more == null) return new long[] {position};
        long[] out = new long[more.length + 1];
        out[0] = position;
        System.arraycopy(more, 0, out, 1, more.length);
        return out;
    }
}
