package io.phoenix.node.cli;

import io.phoenix.bridge.Bridge;
import io.phoenix.node.bridges.ConfiguredBridges;
import io.phoenix.node.bridges.PushLedger;
import io.phoenix.node.bridges.SnapshotImport;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code phoenix restore --from ipfs|pinning|arweave|car:FILE}: pulls the snapshot from the bridge
 * alone into the local store (verified, then registered in the history) before the usual restore.
 * Returns the manifest CID to restore.
 */
final class RestoreSource {
    private static final int PARALLELISM = 8;

    private RestoreSource() {}

    /**
     * {@code latest} on a bridge: the newest snapshot this home's node recorded as pushed there
     * (daemon/bridge-pushes.json, kept when the store is lost); a {@link FormatException} when none.
     */
    private static Cid latestPushed(Session s, String bridge) {
        try {
            return PushLedger.latestPushed(s.home.directory(), bridge)
                    .orElseThrow(() -> new FormatException("no push to " + bridge + " recorded")).snapshot();
        } catch (IOException e) {
            throw new FormatException("the push state file cannot be read: " + e.getMessage());
        }
    }

    static String pull(Main main, Session s, String from, String snapshot, boolean json) {
        ConfiguredBridges bridges = BridgeCli.bridges(main, s);
        SnapshotImport importer = BridgeCli.importer(s, bridges);
        SnapshotImport.Outcome o;
        if (from.startsWith("car:")) {
            Path file = Path.of(from.substring(4)).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) throw new CliException(ExitCode.USAGE, "no CAR file " + file);
            try {
                if (!snapshot.equals("latest")) {
                    Cid root = importer.rootOf(file).cid();
                    if (!root.toString().startsWith(snapshot)) {
                        throw new CliException(ExitCode.USAGE, file + " holds snapshot " + root + ", not " + snapshot);
                    }
                }
                o = importer.fromCar(file);
            } catch (IOException | FormatException e) {
                throw BridgeCli.failure("restore from " + file, e);
            }
        } else {
            if (!ConfiguredBridges.NAMES.contains(from) || from.equals("car")) {
                throw new CliException(ExitCode.USAGE, "--from takes ipfs, pinning, arweave or car:FILE, not '" + from + "'");
            }
            Cid root;
            try {
                root = "latest".equals(snapshot) ? latestPushed(s, from) : Cid.parse(snapshot);
            } catch (FormatException e) {
                throw new CliException(ExitCode.USAGE, "restoring from " + from + " needs the full manifest CID ("
                        + ("latest".equals(snapshot) ? "the bridge cannot tell which snapshot is the latest and this home's node has recorded no push to it"
                        : "'" + snapshot + "' is not one")
                        + "; 'phoenix snapshots' or 'phoenix bridge status' on a node that has it shows it)", e);
            }
            Bridge b = BridgeCli.open(bridges, from);
            try {
                o = importer.fromBridge(b, root, PARALLELISM);
            } catch (IOException | FormatException e) {
                throw BridgeCli.failure("restore of " + root + " from " + from, e);
            } finally {
                BridgeCli.closeQuietly(b);
            }
        }
        if (!json && !main.quiet()) {
            double secs = o.elapsed().toNanos() / 1e9;
            main.err().printf("pulled %s from %s: %d blocks (%d fetched, %s) in %s (%s)%n", o.root(), from, o.blocksTotal(), o.blocksStored(),
                    Units.bytes(o.bytesStored()), Units.seconds(secs), Units.rate(o.bytesStored(), secs));
        }
        return o.root().toString();
    }
}
