package io.phoenix.node.store.pack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;

/**
 * The pack store's durable index: a stack of sorted {@link IndexRun}s in {@code index/}, newest
 * first. Each flush adds one run; runs are merged so that there are O(log n) of them (the newest
 * two merge while the newer holds at least half as many records as the older), which bounds both
 * the runs a lookup searches and how often a record is rewritten. A merged run is named by the
 * sequence range it covers and is renamed into place before the runs it replaces are removed; a
 * crash in between leaves covered runs that {@link #open} removes. Not thread-safe for writers:
 * the store calls {@link #add} under its flush lock. Readers may call {@link #find} at any time;
 * they hold a read lock while inside the maps, so that replaced runs can be unmapped at once.
 */
final class IndexRuns {
    private final Path dir;
    /** Newest first; replaced, never modified. */
    private volatile List<IndexRun> runs;
    private long nextSequence;
    /** Held to read inside runs; taken for writing to unmap the runs a merge replaced. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;
    private int removedAtOpen;

    private IndexRuns(Path dir, List<IndexRun> runs) {
        this.dir = dir;
        this.runs = runs;
        this.nextSequence = runs.isEmpty() ? 1 : runs.get(0).last() + 1;
    }

    /** A run file by its name alone: the sequence range it covers. */
    record Named(Path file, long first, long last) {
        boolean covers(Named other) {
            return first <= other.first && other.last <= last && !file.equals(other.file);
        }
    }

    /** Every run file in {@code dir} by name (unopened), and the unfinished ({@code .tmp}) files beside them. */
    static List<Named> named(Path dir, List<Path> temps) throws IOException {
        List<Named> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) return all;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                long[] range = IndexRun.parseName(name);
                if (name.endsWith(".tmp")) {
                    if (temps != null) temps.add(f);
                } else if (range != null) {
                    all.add(new Named(f, range[0], range[1]));
                }
            }
        }
        return all;
    }

    /**
     * Opens the runs in {@code dir}, first removing what a crash left: unfinished runs ({@code .tmp})
     * and runs whose sequence range another run covers (a merge, or a rebuild, renamed into place
     * before the runs it replaced were removed). Covered runs are removed by name without being read,
     * so a damaged run that a rebuild replaced never stops an open. The live runs must cover the
     * sequence numbers 1..n without a hole: a missing run is reported, not read around.
     */
    static IndexRuns open(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> temps = new ArrayList<>();
        List<Named> all = named(dir, temps);
        int removed = 0;
        for (Path t : temps) {
            Files.deleteIfExists(t); // a run, merge or rebuild that never completed
            removed++;
        }
        List<Named> live = new ArrayList<>();
        for (Named r : all) {
            if (all.stream().anyMatch(o -> o.covers(r))) {
                Files.deleteIfExists(r.file()); // replaced by a merge or rebuild that completed before a crash
                removed++;
            } else {
                live.add(r);
            }
        }
        if (removed > 0) PackFiles.syncDirectory(dir);
        live.sort(Comparator.comparingLong(Named::first));
        checkSequence(dir, live);
        List<IndexRun> opened = new ArrayList<>();
        try {
            for (int i = live.size() - 1; i >= 0; i--) opened.add(IndexRun.open(live.get(i).file())); // newest first
        } catch (IOException | RuntimeException e) {
            for (IndexRun r : opened) r.unmap();
            throw e;
        }
        IndexRuns r = new IndexRuns(dir, List.copyOf(opened));
        r.removedAtOpen = removed;
        return r;
    }

    /** Refuses overlapping runs and holes in the sequence range (runs given oldest first). */
    private static void checkSequence(Path dir, List<Named> live) throws IOException {
        long expected = 1;
        for (Named r : live) {
            if (r.first() < expected && expected > 1) {
                throw new IOException("block store index " + dir + ": runs " + r.file().getFileName() + " and the one before it overlap: "
                        + IndexRun.REPAIR_HINT);
            }
            if (r.first() > expected) {
                throw new IOException("block store index " + dir + ": the run of flushes " + expected + ".." + (r.first() - 1)
                        + " is missing (the next run is " + r.file().getFileName() + "), so blocks it indexed would read as absent: "
                        + IndexRun.REPAIR_HINT);
            }
            expected = r.last() + 1;
        }
    }

    int removedAtOpen() {
        return removedAtOpen;
    }

    List<IndexRun> runs() {
        return runs;
    }

    /** The newest record of {@code key}, or null when no run has one. */
    Location find(IndexKey key) throws IOException {
        lock.readLock().lock();
        try {
            ensureOpen();
            for (IndexRun r : runs) {
                Location loc = r.find(key);
                if (loc != null) return loc;
            }
            return null;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Unmaps every run; lookups fail afterwards. */
    void close() {
        lock.writeLock().lock();
        try {
            for (IndexRun r : runs) r.unmap();
            runs = List.of();
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) throw new IOException("block store index " + dir + " is closed");
    }

    /** Installs {@code next} as the run list, unmapping (then deleting) the runs it no longer holds. */
    private void replace(List<IndexRun> next) throws IOException {
        List<IndexRun> gone = new ArrayList<>(runs);
        gone.removeAll(next);
        lock.writeLock().lock();
        try {
            runs = List.copyOf(next);
            for (IndexRun r : gone) r.unmap(); // no reader is inside a run while we hold the write lock
        } finally {
            lock.writeLock().unlock();
        }
        for (IndexRun r : gone) Files.deleteIfExists(r.file());
    }

    /** Writes {@code entries} as a new run (durable when this returns), then merges runs as needed. */
    void add(SortedMap<IndexKey, Location> entries) throws IOException {
        if (entries.isEmpty()) return;
        long seq = nextSequence;
        IndexRun run = install(seq, seq, entries.entrySet().iterator());
        nextSequence = seq + 1;
        List<IndexRun> next = new ArrayList<>(runs.size() + 1);
        next.add(run);
        next.addAll(runs);
        replace(next);
        while (runs.size() >= 2 && runs.get(0).count() * 2 >= runs.get(1).count()) mergeNewestTwo();
    }

    private void mergeNewestTwo() throws IOException {
        List<IndexRun> current = runs;
        IndexRun newer = current.get(0);
        IndexRun older = current.get(1);
        boolean oldest = current.size() == 2; // nothing older can hold a record a deletion hides
        Iterator<Map.Entry<IndexKey, Location>> merged = new MergeIterator(List.of(newer, older), oldest);
        IndexRun run = install(older.first(), newer.last(), merged);
        List<IndexRun> next = new ArrayList<>(current.size() - 1);
        next.add(run);
        next.addAll(current.subList(2, current.size()));
        replace(next);
    }

    private IndexRun install(long first, long last, Iterator<Map.Entry<IndexKey, Location>> entries) throws IOException {
        Path target = dir.resolve(IndexRun.name(first, last));
        Path temp = dir.resolve(target.getFileName() + ".tmp");
        try {
            IndexRun.write(temp, entries);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (UncheckedIOException e) {
            Files.deleteIfExists(temp);
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        PackFiles.syncDirectory(dir);
        return IndexRun.open(target);
    }

    /**
     * Visits every live (not deleted) entry once, in key order, newest record winning. The visitor
     * runs outside the read lock (it may store blocks, which may merge runs): entries are read in
     * batches, each batch resuming after the last key of the one before.
     */
    void forEach(BiConsumer<IndexKey, Location> visitor) throws IOException {
        IndexKey after = null;
        while (true) {
            List<Map.Entry<IndexKey, Location>> batch = new ArrayList<>(BATCH);
            lock.readLock().lock();
            try {
                ensureOpen();
                MergeIterator it = new MergeIterator(runs, true, after);
                while (batch.size() < BATCH && it.hasNext()) batch.add(it.next());
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                lock.readLock().unlock();
            }
            for (Map.Entry<IndexKey, Location> e : batch) visitor.accept(e.getKey(), e.getValue());
            if (batch.size() < BATCH) return;
            after = batch.get(batch.size() - 1).getKey();
        }
    }

    private static final int BATCH = 4096;

    /**
     * K-way merge of runs given newest first: ascending keys, each once, the newest run's record
     * winning; deleted records dropped when {@code dropDeleted}.
     */
    private static final class MergeIterator implements Iterator<Map.Entry<IndexKey, Location>> {
        private final List<IndexRun> runs;
        private final long[] pos;
        private final boolean dropDeleted;
        private Map.Entry<IndexKey, Location> next;
        private IOException failure;

        MergeIterator(List<IndexRun> runs, boolean dropDeleted) {
            this(runs, dropDeleted, null);
        }

        /** Starts after {@code after} (from the first key when null). */
        MergeIterator(List<IndexRun> runs, boolean dropDeleted, IndexKey after) {
            this.runs = runs;
            this.pos = new long[runs.size()];
            this.dropDeleted = dropDeleted;
            if (after != null) {
                for (int r = 0; r < runs.size(); r++) pos[r] = runs.get(r).firstAfter(after);
            }
            advance();
        }

        private void advance() {
            next = null;
            try {
                while (next == null) {
                    IndexKey min = null;
                    int winner = -1;
                    for (int r = 0; r < runs.size(); r++) {
                        if (pos[r] >= runs.get(r).count()) continue;
                        IndexKey k = runs.get(r).key(pos[r]);
                        if (min == null || k.compareTo(min) < 0) {
                            min = k;
                            winner = r; // ties keep the lower index: the newer run
                        }
                    }
                    if (winner < 0) return;
                    Location loc = runs.get(winner).location(pos[winner]);
                    for (int r = 0; r < runs.size(); r++) {
                        if (pos[r] < runs.get(r).count() && runs.get(r).key(pos[r]).equals(min)) pos[r]++;
                    }
                    if (!(dropDeleted && loc.deleted())) next = new AbstractMap.SimpleImmutableEntry<>(min, loc);
                }
            } catch (IOException e) {
                failure = e;
                next = null;
            }
        }

        @Override
        public boolean hasNext() {
            if (failure != null) throw new UncheckedIOException(failure);
            return next != null;
        }

        @Override
        public Map.Entry<IndexKey, Location> next() {
            if (!hasNext()) throw new NoSuchElementException();
            Map.Entry<IndexKey, Location> e = next;
            advance();
            return e;
        }
    }
}
