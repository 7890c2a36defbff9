package io.phoenix.node.bridges;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeRestore;
import io.phoenix.bridge.RestoreReport;
import io.phoenix.bridge.SnapshotLayout;
import io.phoenix.bridge.car.CarImport;
import io.phoenix.bridge.car.CarReader;
import io.phoenix.bridge.car.CarSection;
import io.phoenix.protocol.spill.WorkDir;
import io.phoenix.node.snapshot.Heads;
import io.phoenix.node.swarm.ManifestAdmission;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Brings a snapshot from outside into the local store and history, in this order: the manifest is
 * read from the source and admitted ({@link ManifestAdmission#check}: CID, both signatures, our
 * author) before any block is stored; then every block is copied, each verified against its CID;
 * only then is the snapshot registered as a head. A bad block or a forged manifest stops it with the
 * history unchanged (blocks already copied are valid content-addressed blocks no head refers to).
 */
public final class SnapshotImport {
    /** A finished import: the snapshot, blocks stored now / already present, bytes stored, time. */
    public record Outcome(Cid root, SignedManifest manifest, long blocksTotal, long blocksStored, long blocksAlreadyPresent,
                          long bytesStored, Duration elapsed) {
        public double megabytesPerSecond() {
            double s = elapsed.toNanos() / 1e9;
            return s <= 0 || bytesStored == 0 ? 0 : bytesStored / 1e6 / s;
        }
    }

    private final ManifestAdmission admission;
    private final BlockStore store;
    private final Heads heads;
    private final SnapshotLayout layout;
    private final WorkDir work;

    /** {@code work}: where a CAR import files its index (docs/bridges.md, "Memory"). */
    public SnapshotImport(ManifestAdmission admission, BlockStore store, Heads heads, SnapshotLayout layout, WorkDir work) {
        this.admission = admission;
        this.store = store;
        this.heads = heads;
        this.layout = layout;
        this.work = work;
    }

    /** Imports the snapshot a CAR file holds (its single root is the manifest). */
    public Outcome fromCar(Path car) throws IOException {
        long t0 = System.nanoTime();
        SignedManifest m = rootOf(car);
        Cid root = m.cid();
        CarImport.Result r = new CarImport(layout, work).importFile(car, store);
        if (!r.root().equals(root)) throw new FormatException(car + ": root changed while importing (" + root + " then " + r.root() + ")");
        ManifestAdmission.register(heads, root, m);
        return new Outcome(root, m, r.blocksStored() + r.blocksAlreadyPresent(), r.blocksStored(), r.blocksAlreadyPresent(),
                r.bytesStored(), Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Pulls the snapshot rooted at {@code root} from the bridge alone, {@code parallelism} blocks at a time. */
    public Outcome fromBridge(Bridge bridge, Cid root, int parallelism) throws IOException {
        long t0 = System.nanoTime();
        SignedManifest m = admission.check(root, bridge.fetch(root));
        RestoreReport r = new BridgeRestore(parallelism).restore(bridge, root, store);
        ManifestAdmission.register(heads, root, m);
        return new Outcome(root, m, r.blocksTotal(), r.blocksFetched(), r.blocksAlreadyLocal(), r.bytesFetched(),
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /** The CAR's single root, read (streaming, every section verified) and admitted before anything is stored. */
    public SignedManifest rootOf(Path car) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(car), 1 << 20)) {
            CarReader reader = CarReader.open(in);
            if (reader.header().roots().size() != 1) {
                throw new FormatException(car + ": a snapshot CAR has exactly one root, found " + reader.header().roots().size());
            }
            Cid root = reader.header().roots().get(0);
            for (CarSection s = reader.next(); s != null; s = reader.next()) {
                if (s.cid().equals(root)) return admission.check(root, s.data());
            }
            throw new FormatException(car + ": incomplete snapshot: the manifest block " + root + " is not in the file");
        }
    }
}
