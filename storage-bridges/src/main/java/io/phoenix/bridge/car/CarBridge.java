package io.phoenix.bridge.car;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.CidVisitor;
import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotLayout;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.protocol.spill.WorkDir;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.CorruptBlockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory of CAR files as a bridge (a mounted tape, a USB disk for an air-gapped copy): one
 * {@code <manifest-cid>.car} per snapshot, written with {@link CarExport#toFile} (streaming,
 * resumable, atomic). Blocks are fetched from whichever complete CAR in the directory holds them,
 * the snapshot's own CAR first, then the most recently used ones; each file is indexed on first
 * use ({@link CarIndex}: verified while indexing, the index a sorted file in this bridge's scratch
 * directory, kept until {@link #close}). The heap holds at most {@link #OPEN} indexes (a few
 * objects each) whatever the number of files or blocks.
 */
public final class CarBridge implements Bridge {
    /** Indexes kept open (most recently used); the others are reopened from their file when needed. */
    static final int OPEN = 8;

    private final Path directory;
    private final SnapshotLayout layout;
    private final WorkDir work;
    /** An indexed file open for reading; closed when evicted from {@link #open} and no fetch uses it. */
    private static final class OpenCar {
        final CarIndex index;
        final CarIndex.Reader reader;
        int users;
        boolean evicted;

        OpenCar(CarIndex index) throws IOException {
            this.index = index;
            this.reader = index.reader();
        }

        void closeIfUnused() {
            if (!evicted || users > 0) return;
            index.close();
            try {
                reader.close();
            } catch (IOException ignored) {
                // a read-only file
            }
        }
    }

    private final Map<Path, OpenCar> open = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, OpenCar> eldest) {
            if (size() <= OPEN) return false;
            eldest.getValue().evicted = true;
            eldest.getValue().closeIfUnused();
            return true;
        }
    };
    private WorkDir.Scratch scratch;

    public CarBridge(Path directory, SnapshotLayout layout, WorkDir work) {
        this.directory = directory;
        this.layout = layout;
        this.work = work;
    }

    /** Indexes go to the JVM's temporary directory. */
    public CarBridge(Path directory, SnapshotLayout layout) {
        this(directory, layout, WorkDir.system());
    }

    @Override
    public String name() {
        return "car";
    }

    /** Where the snapshot's archive lives (or will). */
    public Path fileOf(Cid root) {
        return directory.resolve(root + ".car");
    }

    @Override
    public PushReport push(Snapshot snapshot) throws BridgeException {
        long start = System.nanoTime();
        try {
            Files.createDirectories(directory);
            CarExport.Result r = CarExport.toFile(snapshot, fileOf(snapshot.root()));
            long total = r.blocksWritten() + r.blocksResumed();
            return new PushReport(name(), snapshot.root(), total, r.blocksWritten(), r.blocksResumed(),
                    r.bytes(), Duration.ofNanos(System.nanoTime() - start), state(snapshot.root()));
        } catch (BridgeException e) {
            throw e;
        } catch (BlockNotFoundException | CorruptBlockException | FormatException e) {
            throw new BridgeException(BridgeFailure.LOCAL, "cannot walk snapshot " + snapshot.root() + " in the local store: "
                    + e.getMessage(), snapshot.root(), e);
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.UNREACHABLE, "cannot write " + fileOf(snapshot.root()) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SnapshotState state(Cid root) throws BridgeException {
        Path file = fileOf(root);
        try {
            if (Files.exists(file)) {
                long blocks = withFile(file, car -> car.index.blockCount());
                return new SnapshotState(root, SnapshotState.Status.COMPLETE, blocks, blocks, file.toString());
            }
            Path partial = CarExport.partialOf(file);
            if (Files.exists(partial)) {
                CarExport.Partial kept = CarExport.scanPartial(partial, root);
                return new SnapshotState(root, SnapshotState.Status.PARTIAL, kept.sections(), -1, partial.toString());
            }
            return new SnapshotState(root, SnapshotState.Status.ABSENT, 0, -1, file.toString());
        } catch (FormatException e) {
            throw new BridgeException(BridgeFailure.CORRUPT, e.getMessage(), root, e);
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.UNREACHABLE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] fetch(Cid cid) throws BridgeException {
        FormatException[] unreadable = {null};
        try {
            List<Path> first = first(cid);
            for (Path f : first) {
                byte[] b = fetch(f, cid, unreadable);
                if (b != null) return b;
            }
            try (Stream<Path> files = Files.list(directory)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith(".car") && !first.contains(p)).sorted()::iterator) {
                    byte[] b = fetch(f, cid, unreadable);
                    if (b != null) return b;
                }
            }
        } catch (CorruptBlockException e) {
            throw new BridgeException(BridgeFailure.CORRUPT, e.getMessage(), cid, e);
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.UNREACHABLE, "cannot read " + directory + ": " + e.getMessage(), cid, e);
        }
        if (unreadable[0] != null) {
            throw new BridgeException(BridgeFailure.CORRUPT, "no readable CAR file in " + directory + " holds block " + cid
                    + "; one is damaged: " + unreadable[0].getMessage(), cid, unreadable[0]);
        }
        throw new BridgeException(BridgeFailure.NOT_FOUND, "no CAR file in " + directory + " holds block " + cid, cid, null);
    }

    /** The block from {@code file}, or null when that file does not hold it (or is damaged: noted in {@code unreadable}). */
    private byte[] fetch(Path file, Cid cid, FormatException[] unreadable) throws IOException {
        try {
            return withFile(file, car -> car.reader.readIfPresent(cid));
        } catch (FormatException e) {
            unreadable[0] = e; // a damaged archive does not hide the blocks of the others
            return null;
        }
    }

    /**
     * The files to look in before the rest of the directory (by name): the CAR whose root is
     * {@code cid} (a manifest is fetched first), then the open indexes' files, most recent first
     * (a restore reads the blocks of the CAR it just walked).
     */
    private List<Path> first(Cid cid) {
        List<Path> first = new ArrayList<>();
        Path own = fileOf(cid);
        if (cid.codec() == Cid.DAG_CBOR && Files.exists(own)) first.add(own); // only a manifest names a CAR
        synchronized (open) {
            List<Path> recent = new ArrayList<>(open.keySet());
            for (int i = recent.size() - 1; i >= 0; i--) if (!first.contains(recent.get(i))) first.add(recent.get(i));
        }
        return first;
    }

    @Override
    public void forEachBlock(Cid root, CidVisitor visitor) throws BridgeException {
        Path file = fileOf(root);
        if (!Files.exists(file)) throw new BridgeException(BridgeFailure.NOT_FOUND, "no archive " + file, root, null);
        try {
            withFile(file, car -> {
                layout.forEachBlock(root, car.reader::read, visitor::visit);
                return null;
            });
        } catch (BridgeException e) {
            throw e;
        } catch (BlockNotFoundException e) {
            throw new BridgeException(BridgeFailure.NOT_FOUND, file + " lacks block " + e.cid() + " of snapshot " + root, e.cid(), e);
        } catch (FormatException | CorruptBlockException e) {
            throw new BridgeException(BridgeFailure.CORRUPT, e.getMessage(), root, e);
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.UNREACHABLE, "cannot read " + file + ": " + e.getMessage(), root, e);
        }
    }

    /** Work on an open CAR file. */
    @FunctionalInterface
    private interface CarWork<T> {
        T run(OpenCar car) throws IOException;
    }

    /**
     * Runs {@code work} on {@code file} opened and indexed: open already, or its index reopened from
     * this bridge's scratch directory, or built (reading and verifying the whole file). The file
     * stays open while the work runs even if it is evicted meanwhile.
     */
    private <T> T withFile(Path file, CarWork<T> work) throws IOException {
        OpenCar car;
        synchronized (open) {
            car = open.get(file);
            if (car == null || Files.size(file) != car.index.size()) {
                if (car != null) {
                    open.remove(file);
                    car.evicted = true;
                    car.closeIfUnused();
                }
                if (scratch == null) scratch = this.work.scratch();
                Path target = scratch.dir().resolve(indexName(file));
                CarIndex idx = CarIndex.reopen(file, target);
                if (idx == null) idx = CarIndex.build(file, target);
                car = new OpenCar(idx);
                open.put(file, car);
            }
            car.users++;
        }
        try {
            return work.run(car);
        } finally {
            synchronized (open) {
                car.users--;
                car.closeIfUnused();
            }
        }
    }

    /** The index file's name: a digest of the CAR's path (any file name in the directory is safe). */
    private static String indexName(Path file) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16) + ".idx";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes the files and deletes the indexes this bridge built. */
    @Override
    public void close() throws BridgeException {
        synchronized (open) {
            for (OpenCar car : open.values()) {
                car.evicted = true;
                car.closeIfUnused();
            }
            open.clear();
            if (scratch == null) return;
            try {
                scratch.close();
            } catch (IOException e) {
                throw new BridgeException(BridgeFailure.LOCAL, "cannot delete the CAR indexes in " + scratch.dir() + ": " + e.getMessage(), e);
            } finally {
                scratch = null;
            }
        }
    }
}
