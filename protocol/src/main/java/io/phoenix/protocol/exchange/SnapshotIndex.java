package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;
import java.util.List;

/**
 * A snapshot's block index as a list of positions: entry {@code i} is the {@code i}-th CID of the
 * manifest's index pages in order (docs/swarm.md §5), what {@code Holdings} and {@code Have}
 * frames count in. Implementations: {@link #of} in the heap (loose blocks, tests) and
 * {@code exchange.mapped.MappedSnapshotIndex}, a temporary memory-mapped file built from the pages,
 * so that a 20-million-block index costs no heap. Thread-safe.
 */
public interface SnapshotIndex extends AutoCloseable {
    /** Number of entries. */
    long total();

    /** The CID at {@code position} ({@code 0 <= position < total()}). */
    Cid cid(long position);

    /**
     * The position of {@code cid}, or -1 when it is not in the index or the index cannot be
     * searched (see {@link #searchable}).
     */
    long position(Cid cid);

    /** Whether {@link #position} can find entries (the mapped index needs pages sorted by CID, as Phoenix writes them). */
    boolean searchable();

    @Override
    void close();

    /** An index held in the heap: for loose blocks and tests, never for a snapshot's index. */
    static SnapshotIndex of(List<Cid> cids) {
        return new ListSnapshotIndex(cids);
    }
}
