package io.phoenix.node.daemon;

import io.phoenix.node.home.Home;
import io.phoenix.node.replication.HeldSnapshots;
import io.phoenix.node.replication.SwarmState;
import io.phoenix.node.schedule.ChangeVolume;
import io.phoenix.node.schedule.SnapshotTimer;
import io.phoenix.node.schedule.SnapshotTriggers;
import io.phoenix.node.snapshot.LayerSource;
import io.phoenix.node.snapshot.Repository;
import io.phoenix.node.snapshot.SnapshotOutcome;
import io.phoenix.node.snapshot.SnapshotStats;
import io.phoenix.node.snapshot.Warnings;
import io.phoenix.node.swarm.ManifestAdmission;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.p2p.pubsub.PubSub;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.swarm.Head;
import io.phoenix.protocol.swarm.HeadAnnouncement;
import io.phoenix.protocol.swarm.SwarmId;
import io.phoenix.protocol.time.Scheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A writer's snapshots: takes one of the configured layers (one at a time), holds it (registered,
 * recorded, receipt signed), announces it on the manifests topic, and tells the snapshot timer, so
 * the anomaly trigger counts changes from then on. The target of the {@link SnapshotTimer}.
 */
final class Snapshotter implements SnapshotTimer.Target {
    private static final System.Logger LOG = System.getLogger(Snapshotter.class.getName());

    private final Home home;
    private final Repository repository;
    private final BlockStore store;
    private final ManifestAdmission admission;
    private final SwarmState state;
    private final HeldSnapshots held;
    private final PubSub pubsub;
    private final SwarmId swarmId;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile SnapshotTimer timer;

    Snapshotter(Home home, Repository repository, BlockStore store, ManifestAdmission admission, SwarmState state, HeldSnapshots held,
                PubSub pubsub, SwarmId swarmId, Clock clock) {
        this.home = home;
        this.repository = repository;
        this.store = store;
        this.admission = admission;
        this.state = state;
        this.held = held;
        this.pubsub = pubsub;
        this.swarmId = swarmId;
        this.clock = clock;
    }

    /** Starts taking snapshots by itself as {@code settings} say (catching up a missed daily run of {@code peerId}, this writer). */
    SnapshotTimer startSchedule(SnapshotTriggers.Settings settings, Scheduler scheduler, String peerId) throws IOException {
        SnapshotTimer t = new SnapshotTimer(new SnapshotTriggers(settings, scheduler.now(), lastTaken(peerId)), scheduler, this);
        timer = t;
        t.start();
        t.nextWake().ifPresent(w -> LOG.log(System.Logger.Level.INFO, "next scheduled snapshot check at " + w));
        return t;
    }

    /** When this writer (its own key) last took a snapshot of this swarm, from the local history. */
    private Optional<Instant> lastTaken(String peerId) throws IOException {
        for (var s : repository.history().newestFirst()) {
            var m = s.signed().manifest();
            if (m.swarmId().equals(swarmId.toString()) && m.author().peerId().toString().equals(peerId)) return Optional.of(m.time());
        }
        return Optional.empty();
    }

    @Override
    public void snapshot(String reason) throws IOException {
        take(reason);
    }

    SnapshotOutcome take(String reason) throws IOException {
        List<LayerSource> sources = layers();
        if (sources.isEmpty()) throw new IllegalStateException("no layers configured in " + home.configFile());
        synchronized (lock) {
            Warnings w = new Warnings(x -> LOG.log(System.Logger.Level.WARNING, "snapshot: " + x));
            SnapshotOutcome o = repository.snapshot(sources, Runtime.getRuntime().availableProcessors(), new SnapshotStats(), w);
            SnapshotTimer t = timer;
            if (t != null) t.taken(clock.instant());
            SignedManifest m = admission.check(o.id(), store.get(o.id()));
            state.addManifest(o.id(), m);
            held.markHeld(o.id(), m, m.manifest().totals().blocks()); // the writer counted its index entries
            HeadAnnouncement a = new HeadAnnouncement(swarmId, new Head(o.id(), m.manifest().sequence(), m.manifest().time().toEpochMilli()));
            pubsub.publish(HeadAnnouncement.topic(swarmId), a.encode());
            LOG.log(System.Logger.Level.INFO, "snapshot " + o.id() + " #" + m.manifest().sequence() + " taken (" + reason + ") and announced");
            return o;
        }
    }

    @Override
    public long changedSince(Instant since) throws IOException {
        return ChangeVolume.since(layers(), since);
    }

    private List<LayerSource> layers() {
        Map<String, List<Path>> layers = home.config().layers();
        List<LayerSource> out = new ArrayList<>();
        layers.forEach((k, v) -> out.add(new LayerSource(k, v.stream().map(p -> home.directory().resolve(p)).toList())));
        return out;
    }
}
