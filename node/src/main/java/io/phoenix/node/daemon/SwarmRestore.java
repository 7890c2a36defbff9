package io.phoenix.node.daemon;

import io.phoenix.node.restore.Damage;
import io.phoenix.node.restore.RestoreStats;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.time.Scheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Restore onto a bare machine from the swarm: the node joins (its home has only its keys, the
 * swarm secret and the swarm file), learns the heads from every reachable site by anti-entropy,
 * replicates the latest snapshot through the block exchange (every block from whichever peers
 * hold it, verified by CID), then restores it with the snapshot engine (every file checked
 * against its digest).
 */
public final class SwarmRestore {
    /** What was restored. */
    public record Outcome(Cid manifest, long sequence, RestoreStats stats, Damage damage, Duration fetch, Duration restore) {}

    private SwarmRestore() {}

    public static Outcome latest(Daemon daemon, Path target, Duration timeout) throws IOException, InterruptedException {
        if (daemon.repository() == null) throw new IllegalStateException("site '" + daemon.self().name() + "' holds no data key (role "
                + daemon.self().role().label() + (daemon.definition().isReader(daemon.self().peerId()) ? ", reader without keys/swarm.wrap"
                : ", not a reader") + "); it cannot restore: see 'phoenix swarm wrap-key' / 'phoenix swarm install-key'");
        Scheduler time = daemon.scheduler();
        long t0 = time.nanoTime();
        long deadline = t0 + timeout.toNanos();
        Map.Entry<Cid, SignedManifest> latest = null;
        long quietSince = -1;
        while (time.nanoTime() - deadline < 0) {
            var l = daemon.state().latest();
            if (l.isPresent()) {
                if (latest == null || !latest.getKey().equals(l.get().getKey())) {
                    latest = l.get();
                    quietSince = time.nanoTime();
                }
                var p = daemon.state().progress(latest.getKey());
                // wait a moment after learning a head so that a newer one from another site can still arrive
                boolean settled = time.nanoTime() - quietSince > Duration.ofSeconds(2).toNanos();
                if (p.isPresent() && p.get().complete() && settled) break;
            }
            time.sleep(Duration.ofMillis(100));
        }
        if (latest == null) throw new IOException("no snapshot learnt from the swarm within " + timeout + " (no site reachable?)");
        var p = daemon.state().progress(latest.getKey());
        if (p.isEmpty() || !p.get().complete()) throw new IOException("snapshot " + latest.getKey() + " not fetched completely within " + timeout);
        long t1 = time.nanoTime();
        RestoreStats stats = new RestoreStats();
        Damage damage = new Damage();
        daemon.repository().restore(latest.getValue(), target, List.of(), "", Runtime.getRuntime().availableProcessors(), stats, damage);
        return new Outcome(latest.getKey(), latest.getValue().manifest().sequence(), stats, damage,
                Duration.ofNanos(t1 - t0), Duration.ofNanos(time.nanoTime() - t1));
    }
}
