package io.phoenix.bridge.car;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotLayout;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.CorruptBlockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A directory of CAR files as a bridge (a mounted tape, a USB disk for an air-gapped copy): one
 * {@code <manifest-cid>.car} per snapshot, written with {@link CarExport#toFile} (resumable,
 * atomic). Blocks are fetched from whichever complete CAR in the directory holds them; the files
 * are indexed (CIDs and offsets) on first use and verified while indexing.
 */
public final class CarBridge implements Bridge {
    private final Path directory;
    private final SnapshotLayout layout;
    private final Map<Path, CarIndex> indexes = new ConcurrentHashMap<>();

    public CarBridge(Path directory, SnapshotLayout layout) {
        this.directory = directory;
        this.layout = layout;
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
            long total = snapshot.blocks().size();
            return new PushReport(name(), snapshot.root(), total, r.blocksWritten(), total - r.blocksWritten(),
                    r.bytes(), Duration.ofNanos(System.nanoTime() - start), state(snapshot.root()));
        } catch (BridgeException e) {
            throw e;
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.UNREACHABLE, "cannot write " + fileOf(snapshot.root()) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SnapshotState state(Cid root) throws BridgeException {
        Path file = fileOf(root);
        try {
            if (Files.exists(file)) {
                CarIndex idx = index(file);
                return new SnapshotState(root, SnapshotState.Status.COMPLETE, idx.blockCount(), idx.blockCount(), file.toString());
            }
            Path partial = CarExport.partialOf(file);
            if (Files.exists(partial)) {
                HashSet<Cid> kept = new HashSet<>();
                CarExport.scanPartial(partial, root, kept);
                return new SnapshotState(root, SnapshotState.Status.PARTIAL, kept.size(), -1, partial.toString());
            }
            return new SnapshotState(root, SnapshotState.Status.ABSENT, 0, -1, file.toString());
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.UNREACHABLE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] fetch(Cid cid) throws BridgeException {
        FormatException unreadable = null;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith(".car")).sorted()::iterator) {
                CarIndex idx;
                try {
                    idx = index(f);
                } catch (FormatException e) {
                    unreadable = e; // a damaged archive does not hide the blocks of the others
                    continue;
                }
                if (idx.has(cid)) return idx.read(cid);
            }
        } catch (CorruptBlockException e) {
            throw new BridgeException(BridgeFailure.CORRUPT, e.getMessage(), cid, e);
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.UNREACHABLE, "cannot read " + directory + ": " + e.getMessage(), cid, e);
        }
        if (unreadable != null) {
            throw new BridgeException(BridgeFailure.CORRUPT, "no readable CAR file in " + directory + " holds block " + cid
                    + "; one is damaged: " + unreadable.getMessage(), cid, unreadable);
        }
        throw new BridgeException(BridgeFailure.NOT_FOUND, "no CAR file in " + directory + " holds block " + cid, cid, null);
    }

    @Override
    public List<Cid> blocksOf(Cid root) throws BridgeException {
        Path file = fileOf(root);
        if (!Files.exists(file)) throw new BridgeException(BridgeFailure.NOT_FOUND, "no archive " + file, root, null);
        try {
            CarIndex idx = index(file);
            return layout.blocksOf(root, idx::read);
        } catch (BlockNotFoundException e) {
            throw new BridgeException(BridgeFailure.NOT_FOUND, file + " lacks block " + e.cid() + " of snapshot " + root, e.cid(), e);
        } catch (FormatException | CorruptBlockException e) {
            throw new BridgeException(BridgeFailure.CORRUPT, e.getMessage(), root, e);
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.UNREACHABLE, "cannot read " + file + ": " + e.getMessage(), root, e);
        }
    }

    private CarIndex index(Path file) throws IOException {
        CarIndex idx = indexes.get(file);
        if (idx != null && Files.size(file) == idx.size()) return idx;
        idx = CarIndex.build(file);
        indexes.put(file, idx);
        return idx;
    }
}
