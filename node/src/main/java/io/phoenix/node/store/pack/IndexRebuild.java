package io.phoenix.node.store.pack;

import io.phoenix.protocol.spill.RecordSorter;
import io.phoenix.protocol.spill.SortedRecords;
import io.phoenix.node.store.StoreDirectory;
import io.phoenix.node.store.StoreFailure;
import io.phoenix.node.store.StoreVersion;
import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Rebuilds a pack store's index from its packs (docs/storage.md, "Rebuilding the index"), on a
 * closed store whose lock it takes. Every entry the ledger says was indexed is read and checked
 * against its CID ({@link PackScanner}); those that verify go, as fixed-size records, through a
 * {@link RecordSorter} in bounded memory (sorted runs in {@code STORE/rebuild.tmp/}, merged), and
 * the merge is written as one index run that covers the sequence range of every run there was.
 * That run is fsynced, renamed into place and the directory fsynced before any old run is removed;
 * so a crash leaves either the old index or the new one plus old runs it covers, which the next
 * open removes, and the scratch directory, which it removes too. A full disk fails the rebuild
 * before the rename: the old index stays in use.
 *
 * <p>What is trusted: only entries within the ends the ledger records (beyond them nothing was
 * made durable); when the ledger is damaged or missing, every entry that verifies, after the pack
 * is fsynced, and a new ledger recording each pack's present size (which cuts nothing) is written
 * before the run is renamed, so the ledger is never behind the index. What is dropped: entries
 * that do not verify (the block then reads as absent unless another copy verified; a put or the
 * swarm repairs it) and every deletion mark of the old index (the old index is not read at all:
 * it may be what is damaged; a deleted block whose bytes are intact is indexed again, which is
 * harmless for content-addressed blocks and is what the only deletions made today, of blocks
 * found corrupt, need anyway).
 */
public final class IndexRebuild {
    /** Points a rebuild passes, in order (the kill tests stop a rebuild at each). */
    public enum Phase {
        /** The first pack is scanned; sorted runs may be in the scratch directory. */
        SCANNING,
        /** Every pack is scanned and the entries merged in key order. */
        SORTED,
        /** The new run is written and fsynced under its temporary name. */
        RUN_WRITTEN,
        /** The ledger, damaged or missing, was replaced (only then). */
        LEDGER_WRITTEN,
        /** The new run is renamed into place and {@code index/} fsynced; the old runs are still there. */
        RUN_INSTALLED,
        /** The first old run is removed. */
        OLD_RUN_REMOVED,
        /** Everything is done but removing the scratch directory. */
        DONE
    }

    /** Progress of a rebuild; called on the rebuilding thread. */
    public interface Listener {
        Listener NONE = new Listener() {};

        /** After each pack: packs done of all, bytes read so far. */
        default void scanned(int packsDone, int packs, long bytes) {}

        default void phase(Phase phase) {}
    }

    /** Damages listed in a report (all are counted). */
    public static final int MAX_LISTED = 1000;
    /** Memory for unsorted records: 16 MiB, ~316,000 entries per sorted run. */
    static final int SORT_BUFFER_BYTES = 16 << 20;
    /** The scratch directory in the store. */
    static final String SCRATCH = "rebuild.tmp";

    private final Path root;
    private final Path packsDir;
    private final Path indexDir;
    private final int maxBlockBytes;
    private final int sortBufferBytes;
    private final Listener listener;
    private final byte[] record = new byte[RebuildRecords.RECORD];
    private final List<Found> listed = new ArrayList<>();
    private int packs;
    private long bytesScanned;
    private long entries;
    private long damaged;
    private long lostRegions;
    private long bytesNotIndexed;

    /** A damage as the scan found it (whether its block has a good copy is known after the merge). */
    private record Found(Path pack, long offset, Cid cid, IndexKey key, String reason) {}

    private IndexRebuild(Path root, int maxBlockBytes, int sortBufferBytes, Listener listener) {
        this.root = root;
        this.packsDir = root.resolve("packs");
        this.indexDir = root.resolve("index");
        this.maxBlockBytes = maxBlockBytes;
        this.sortBufferBytes = sortBufferBytes;
        this.listener = listener;
    }

    /**
     * Rebuilds the index of the pack store in {@code store}, which must exist and not be open
     * ({@link io.phoenix.node.store.InUseException} otherwise). Fails with a
     * {@link io.phoenix.protocol.store.StoreFullException} when the disk fills (the old index is
     * then untouched).
     */
    public static RebuildReport rebuild(Path store, Listener listener) throws IOException {
        return rebuild(store, PackStoreOptions.DEFAULTS.maxBlockBytes(), SORT_BUFFER_BYTES, listener);
    }

    static RebuildReport rebuild(Path store, int maxBlockBytes, int sortBufferBytes, Listener listener) throws IOException {
        Path dir = store.toAbsolutePath().normalize();
        if (!Files.exists(dir.resolve("VERSION"))) {
            if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir.toString(), null, "no block store here");
            if (!Files.exists(dir.resolve("packs"))) return RebuildReport.empty(dir); // nothing was ever stored: nothing to rebuild
            throw new IOException("refusing to rebuild the index of " + dir + ": it has packs but no VERSION file");
        }
        return StoreDirectory.openLocked(dir, (root, lock) -> {
            try (lock) {
                StoreVersion.check(root, StoreVersion.PACKS);
                return new IndexRebuild(root, maxBlockBytes, sortBufferBytes, listener).run();
            }
        });
    }

    /** Removes the scratch directory a killed rebuild left in the store at {@code root}; whether there was one. */
    static boolean removeScratch(Path root) throws IOException {
        Path scratch = root.resolve(SCRATCH);
        if (!Files.isDirectory(scratch)) return false;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(scratch)) {
            for (Path f : files) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(scratch);
        return true;
    }

    private RebuildReport run() throws IOException {
        Path temp = null;
        SortedRecords sorted = null;
        boolean done = false;
        try {
            removeScratch(root);
            Path scratch = Files.createDirectories(root.resolve(SCRATCH));
            Files.createDirectories(indexDir);
            Files.createDirectories(packsDir);
            PackLedger ledger = new PackLedger(packsDir.resolve("ledger"));
            PackLedger.Contents recorded = ledger.readAll();
            boolean trusted = recorded.state() == PackLedger.State.INTACT;
            NavigableMap<Integer, Long> sizes = PackFiles.sizes(packsDir);
            try (RecordSorter sorter = new RecordSorter(scratch, RebuildRecords.RECORD, RebuildRecords.KEY, sortBufferBytes)) {
                PackScanner scanner = new PackScanner(maxBlockBytes);
                int scanned = 0;
                // newest pack first: of several good copies of a block, the sorter keeps the first added
                for (Map.Entry<Integer, Long> e : sizes.descendingMap().entrySet()) {
                    scan(scanner, sorter, e.getKey(), e.getValue(), trusted ? recorded.ends().get(e.getKey()) : null, trusted);
                    listener.scanned(++scanned, sizes.size(), bytesScanned);
                    if (scanned == 1) listener.phase(Phase.SCANNING);
                }
                for (Map.Entry<Integer, Long> e : recorded.ends().entrySet()) {
                    if (sizes.containsKey(e.getKey())) continue; // packs are never removed once a flush indexed something in them
                    found(packsDir.resolve(PackFiles.name(e.getKey())), 0, null,
                            "the pack is missing, though the ledger records indexed entries in it up to offset " + e.getValue());
                    lostRegions++;
                }
                sorted = sorter.finish(scratch.resolve("sorted"));
            }
            listener.phase(Phase.SORTED);

            List<IndexRuns.Named> old = IndexRuns.named(indexDir, null);
            long first = Math.min(1, old.stream().mapToLong(IndexRuns.Named::first).min().orElse(1));
            long last = Math.max(1, old.stream().mapToLong(IndexRuns.Named::last).max().orElse(1));
            Path target = indexDir.resolve(IndexRun.name(first, last)); // covers every old run: open removes any a crash leaves
            temp = indexDir.resolve(target.getFileName() + ".tmp");
            Set<IndexKey> watched = new HashSet<>();
            for (Found f : listed) if (f.key() != null) watched.add(f.key());
            RebuildRecords.Entries entries = new RebuildRecords.Entries(sorted, watched);
            long indexed = IndexRun.write(temp, entries); // fsynced
            listener.phase(Phase.RUN_WRITTEN);
            if (!trusted) {
                ledger.rewrite(sizes); // before the run: the ledger is never behind the index
                listener.phase(Phase.LEDGER_WRITTEN);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            PackFiles.syncDirectory(indexDir);
            listener.phase(Phase.RUN_INSTALLED);
            int replaced = removeAllBut(target, old);
            listener.phase(Phase.DONE);
            done = true;
            return report(indexed, entries, recorded.state(), replaced);
        } catch (IOException e) {
            throw StoreFailure.of(root, "rebuilding", "the index", e);
        } finally {
            try {
                if (sorted != null) sorted.close();
                if (temp != null) Files.deleteIfExists(temp);
                removeScratch(root);
            } catch (IOException e) {
                if (done) throw StoreFailure.of(root, "removing", "the scratch files of the index rebuild", e);
                // else the rebuild's own failure is what is reported; the next open removes what is left
            }
        }
    }

    /** Scans one pack up to the end the ledger records ({@code indexedEnd}; all of it when the ledger is not trusted). */
    private void scan(PackScanner scanner, RecordSorter sorter, int pack, long size, Long indexedEnd, boolean trusted) throws IOException {
        Path file = packsDir.resolve(PackFiles.name(pack));
        long end = size;
        String endName = "the pack";
        if (trusted) {
            if (indexedEnd == null) { // no flush indexed anything in it: a writer that failed or was killed
                bytesNotIndexed += size;
                return;
            }
            if (indexedEnd > size) {
                found(file, size, null, "the pack is " + size + " bytes, but the ledger records indexed entries up to offset "
                        + indexedEnd + ": what was in the last " + (indexedEnd - size) + " bytes is gone");
                lostRegions++;
            } else {
                bytesNotIndexed += size - indexedEnd;
                end = indexedEnd;
                endName = "what the ledger records as indexed";
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (!trusted) ch.force(false); // nothing says these bytes were made durable: make them so before indexing them
            packs++;
            scanner.scan(ch, end, endName, new PackScanner.Sink() {
                @Override
                public void entry(Cid cid, IndexKey key, long offset, int length) throws IOException {
                    entries++;
                    sorter.add(RebuildRecords.encode(record, key, RebuildRecords.GOOD, pack, offset, length));
                }

                @Override
                public void damage(long offset, Cid cid, String reason) throws IOException {
                    if (cid == null) {
                        lostRegions++;
                        found(file, offset, null, reason);
                    } else {
                        IndexKey key = IndexKey.of(cid);
                        found(file, offset, cid, reason);
                        sorter.add(RebuildRecords.encode(record, key, RebuildRecords.DAMAGED, pack, offset, 0));
                    }
                }

                @Override
                public void headerDamaged(String reason) {
                    found(file, 0, null, reason);
                }
            });
        } catch (NoSuchFileException e) {
            return; // removed since it was listed: nothing of it can be indexed
        }
        bytesScanned += end;
    }

    private void found(Path pack, long offset, Cid cid, String reason) {
        damaged++;
        if (listed.size() < MAX_LISTED) listed.add(new Found(pack, offset, cid, cid == null ? null : IndexKey.of(cid), reason));
    }

    /** Removes every run file but {@code target} (and any unfinished one); how many runs the new one replaced. */
    private int removeAllBut(Path target, List<IndexRuns.Named> old) throws IOException {
        boolean removedOne = false;
        for (IndexRuns.Named r : old) {
            if (r.file().equals(target)) continue; // a run of the same name was replaced by the rename
            Files.deleteIfExists(r.file());
            if (!removedOne) listener.phase(Phase.OLD_RUN_REMOVED);
            removedOne = true;
        }
        List<Path> temps = new ArrayList<>();
        IndexRuns.named(indexDir, temps);
        for (Path t : temps) Files.deleteIfExists(t);
        PackFiles.syncDirectory(indexDir);
        return old.size();
    }

    private RebuildReport report(long indexed, RebuildRecords.Entries entries, PackLedger.State ledger, int replaced) {
        List<RebuildReport.Damage> damage = new ArrayList<>(listed.size());
        for (Found f : listed) {
            damage.add(new RebuildReport.Damage(f.pack(), f.offset(), f.cid(), f.reason(), f.key() != null && entries.repaired().contains(f.key())));
        }
        RebuildReport.Ledger state = switch (ledger) {
            case INTACT -> RebuildReport.Ledger.INTACT;
            case DAMAGED -> RebuildReport.Ledger.DAMAGED;
            case MISSING -> RebuildReport.Ledger.MISSING;
        };
        return new RebuildReport(root, packs, bytesScanned, this.entries, indexed, damaged, entries.absentBlocks(), entries.repairedBlocks(), lostRegions,
                bytesNotIndexed, state, replaced, damage);
    }
}
