package io.phoenix.node.store.pack;

import io.phoenix.protocol.multiformats.Cid;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link IndexRebuild} did to a pack store's index (docs/storage.md, "Rebuilding the index").
 *
 * @param store            the store directory
 * @param packs            pack files scanned
 * @param bytesScanned     bytes of them read and checked
 * @param entries          entries whose bytes hash to their CID
 * @param indexed          blocks in the new index (entries less second copies of a block)
 * @param damaged          damage found: entries that do not verify, and regions where no entry could be read
 * @param absentBlocks     blocks with a damaged entry and no good copy: they now read as absent
 * @param repairedBlocks   blocks with a damaged entry and a good copy elsewhere in the packs (repaired earlier by a put)
 * @param lostRegions      regions where no entry, not even its CID, could be read (what they held is unknown)
 * @param bytesNotIndexed  bytes past the ends the ledger records, and packs it does not name: never indexed, not trusted
 * @param ledger           the ledger as found; when not {@link Ledger#INTACT} it was rewritten from the packs' sizes
 * @param runsReplaced     index run files the new run replaced
 * @param damage           the first {@link IndexRebuild#MAX_LISTED} damages found, in pack order
 */
public record RebuildReport(Path store, int packs, long bytesScanned, long entries, long indexed, long damaged,
                            long absentBlocks, long repairedBlocks, long lostRegions, long bytesNotIndexed, Ledger ledger,
                            int runsReplaced, List<Damage> damage) {
    /** The ledger ({@code packs/ledger}) as the rebuild found it. */
    public enum Ledger { INTACT, DAMAGED, MISSING }

    /**
     * One damaged entry or unreadable region.
     *
     * @param pack      the pack file
     * @param offset    where the entry or region starts in it
     * @param cid       the CID the entry names, or null when none could be read
     * @param reason    what is wrong
     * @param goodCopy  whether another entry of the same block verified (the new index points to it)
     */
    public record Damage(Path pack, long offset, Cid cid, String reason, boolean goodCopy) {
        @Override
        public String toString() {
            return "pack " + pack + " at offset " + offset + ": " + reason
                    + (cid == null ? "" : goodCopy ? " (a good copy is indexed)" : " (no good copy: the block reads as absent until a put or the swarm repairs it)");
        }
    }

    public RebuildReport {
        damage = List.copyOf(damage);
    }

    /** The report on a store directory in which nothing was ever stored. */
    static RebuildReport empty(Path store) {
        return new RebuildReport(store, 0, 0, 0, 0, 0, 0, 0, 0, 0, Ledger.INTACT, 0, List.of());
    }

    /** Whether damage cost blocks: a block left without a good copy, or a region whose blocks are unknown. */
    public boolean damageFound() {
        return absentBlocks > 0 || lostRegions > 0;
    }
}
