package io.phoenix.bridge;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.ipld.DagCbor;
import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The layout of any DAG-CBOR snapshot: the root, then breadth-first every block it links to,
 * following links out of DAG-CBOR blocks (manifest, index pages) and treating raw blocks as leaves.
 * This is exactly the set IPFS pins recursively, so it matches what {@code pin/add} and
 * {@code dag/export} of the manifest see. Only DAG-CBOR blocks are read; raw blocks are never
 * fetched, so the walk costs one read per index page.
 *
 * <p>Memory holds the DAG-CBOR blocks met (the manifest and its index pages: one per 16,384
 * blocks) and the raw blocks the root links to, never the whole set; a DAG with more than
 * {@code maxHeld} of those is refused, so a hostile DAG of DAG-CBOR blocks cannot fill the heap.
 * Raw blocks linked from two index pages are handed out twice; a Phoenix index lists every block
 * once.
 */
public final class DagWalkLayout implements SnapshotLayout {
    /** Default bound on the DAG-CBOR blocks (and raw links of the root) one walk holds: a manifest lists at most 20,000 index pages. */
    public static final int MAX_HELD = 100_000;

    /** Upper bound on the number of blocks in one snapshot (a guard against hostile index pages). */
    private final long maxBlocks;
    private final int maxHeld;

    public DagWalkLayout() {
        this(100_000_000L, MAX_HELD);
    }

    public DagWalkLayout(long maxBlocks, int maxHeld) {
        this.maxBlocks = maxBlocks;
        this.maxHeld = maxHeld;
    }

    @Override
    public void forEachBlock(Cid root, BlockSource source, BlockVisitor visitor) throws IOException {
        Set<Cid> seen = new HashSet<>(); // DAG-CBOR blocks, and the raw blocks the root links to
        ArrayDeque<Cid> pending = new ArrayDeque<>();
        seen.add(root);
        visitor.visit(root);
        pending.add(root);
        long count = 1;
        while (!pending.isEmpty()) {
            Cid cid = pending.poll();
            if (cid.codec() != Cid.DAG_CBOR) {
                throw new FormatException("snapshot " + root + " links to " + cid + " with codec 0x"
                        + Integer.toHexString(cid.codec()) + " (only dag-cbor and raw are walked)");
            }
            List<Cid> links;
            try {
                links = DagCbor.links(source.get(cid));
            } catch (FormatException e) {
                throw new FormatException("index block " + cid + " of snapshot " + root + ": " + e.getMessage(), e);
            }
            boolean fromRoot = cid.equals(root);
            for (Cid link : links) {
                boolean raw = link.codec() == Cid.RAW;
                if (raw ? (fromRoot ? !seen.add(link) : seen.contains(link)) : !seen.add(link)) continue;
                if (seen.size() > maxHeld) {
                    throw new FormatException("snapshot " + root + " has more than " + maxHeld + " index blocks (dag-cbor) and root links");
                }
                if (count++ >= maxBlocks) throw new FormatException("snapshot " + root + " lists more than " + maxBlocks + " blocks");
                visitor.visit(link);
                if (!raw) pending.add(link);
            }
        }
    }
}
