package io.phoenix.node.cli;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.node.bridges.ConfiguredBridges;
import io.phoenix.node.swarm.ManifestAdmission;
import io.phoenix.node.swarm.RejectedManifestException;
import io.phoenix.node.bridges.SnapshotImport;
import io.phoenix.node.home.ConfigException;
import io.phoenix.node.snapshot.Heads;
import io.phoenix.node.snapshot.SnapshotHistory;
import io.phoenix.protocol.FormatException;
import java.io.IOException;

/**
 * What the bridge commands (export, import, bridge push/status, restore --from) share: resolving a
 * snapshot, opening configured bridges, importing, and mapping failures to exit codes: a refused
 * manifest, a bad CAR or corrupt bytes from a bridge exit 3 (damage), a missing or unknown bridge
 * configuration exits 2, every other bridge failure exits 1; the message says whether a retry can help.
 */
final class BridgeCli {
    private BridgeCli() {}

    static SnapshotHistory.Snapshot resolve(Session s, String id) throws IOException {
        SnapshotHistory h = s.repo.history();
        return h.resolve(id).orElseThrow(() -> new CliException(ExitCode.USAGE,
                h.newestFirst().isEmpty() ? "no snapshots yet" : "no snapshot '" + id + "' (see 'phoenix snapshots')"));
    }

    static Heads heads(Session s) {
        return new Heads(s.home.snapshotsDirectory().resolve("heads"));
    }

    /** Bridges as configured; Arweave tags name the swarm id when the home has a swarm file (as the daemon's pushes do), else "local". */
    static ConfiguredBridges bridges(Main main, Session s) {
        String swarm = s.swarmId();
        return new ConfiguredBridges(s.home.config(), s.home.directory(), main.env(), swarm);
    }

    /** Admits manifests of this home's key and, when the home has a swarm file, of every writer of the swarm. */
    static SnapshotImport importer(Session s, ConfiguredBridges bridges) {
        return new SnapshotImport(ManifestAdmission.forHome(s.keys(), s.swarm().orElse(null)), s.store, heads(s), bridges.layout(), bridges.workDir());
    }

    static Bridge open(ConfiguredBridges bridges, String name) {
        try {
            return bridges.open(name);
        } catch (ConfigException e) {
            throw new CliException(ExitCode.USAGE, "bad bridge configuration: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot open bridge " + name + ": " + ErrorReporter.describe(e), e);
        }
    }

    /** The CLI failure for an exception out of a bridge operation (what, e.g. "push to ipfs", names the operation). */
    static CliException failure(String what, Exception e) {
        if (e instanceof BridgeException b) {
            int code = b.failure() == BridgeFailure.CORRUPT || b.failure() == BridgeFailure.CID_MISMATCH ? ExitCode.DAMAGE : ExitCode.FAILURE;
            return new CliException(code, what + " failed: " + b.getMessage()
                    + (b.retryable() ? " (retrying later may help)" : " (retrying will not help)"), b);
        }
        if (e instanceof RejectedManifestException || e instanceof FormatException) {
            return new CliException(ExitCode.DAMAGE, what + " refused: " + e.getMessage() + " (nothing was added to the history)", e);
        }
        return new CliException(ExitCode.FAILURE, what + " failed: " + (e instanceof IOException io ? ErrorReporter.describe(io) : e.toString()), e);
    }

    static void closeQuietly(Bridge b) {
        try {
            b.close();
        } catch (BridgeException ignored) {
            // closing releases HTTP clients; the operation's own outcome is what matters
        }
    }
}
