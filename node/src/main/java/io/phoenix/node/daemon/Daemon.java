package io.phoenix.node.daemon;

import io.phoenix.gossip.GossipSub;
import io.phoenix.node.bridges.AutoPush;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.KeyRing;
import io.phoenix.node.replication.AntiEntropyEvents;
import io.phoenix.node.replication.HeldSnapshots;
import io.phoenix.node.replication.LocalHeadsView;
import io.phoenix.node.replication.ManifestFetcher;
import io.phoenix.node.replication.ManifestIntake;
import io.phoenix.node.replication.Replicator;
import io.phoenix.node.replication.SwarmState;
import io.phoenix.node.schedule.SnapshotTimer;
import io.phoenix.node.schedule.SnapshotTriggers;
import io.phoenix.node.snapshot.Heads;
import io.phoenix.node.snapshot.Repository;
import io.phoenix.node.snapshot.SnapshotOutcome;
import io.phoenix.node.swarm.ManifestAdmission;
import io.phoenix.protocol.exchange.LocalHoldings;
import io.phoenix.protocol.exchange.mapped.MappedPositions;
import io.phoenix.protocol.heads.HeadsView;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.host.Libp2pHost;
import io.phoenix.protocol.p2p.host.Libp2pHostConfig;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.CorruptingBlockStore;
import io.phoenix.protocol.swarm.HeadAnnouncement;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.SwarmGate;
import io.phoenix.protocol.swarm.SwarmId;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.protocol.time.SystemScheduler;
import io.phoenix.protocol.time.Task;
import io.phoenix.swarm.exchange.BlockExchange;
import io.phoenix.swarm.heads.HeadsExchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The composition root of {@code phoenix node run}: the only place below the CLI where the real
 * clock, threads, sockets and randomness are created. It builds the parts and wires them; the
 * decisions live in engines (docs/architecture.md, "Engines and their bindings"): the libp2p host
 * and swarm gate, gossipsub with the manifest and receipt topics ({@link ManifestFetcher}), the
 * block exchange and anti-entropy ({@link HeadsExchange}, told the {@link LocalHeadsView}), the
 * {@link Replicator}, the {@link HeldSnapshots}, a writer's {@link Snapshotter} and
 * {@link SnapshotTimer}, and the automatic bridge pushes. The control API reads it through the getters.
 */
public final class Daemon implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Daemon.class.getName());

    private final Home home;
    private final KeyRing keys;
    private final SwarmDefinition definition;
    private final SwarmGate gate;
    private final Site self;
    private final DaemonSettings settings;
    private final SystemScheduler scheduler = new SystemScheduler();
    private final SecureRandom random = new SecureRandom();
    private final BlockStore store;
    private final Libp2pHost host;
    private final GossipSub pubsub;
    private final BlockExchange exchange;
    private final SwarmState state;
    private final HeadsExchange heads;
    private final Repository repository;
    private final HeldSnapshots held;
    private final Replicator replicator;
    private final ManifestFetcher fetcher;
    private final AutoPush autoPush;
    private final Snapshotter snapshotter;
    private final List<Task> periodic = new ArrayList<>();
    private SnapshotTimer snapshotTimer;
    private volatile boolean closed;

    private Daemon(Home home, KeyRing keys, SwarmDefinition definition, DaemonSettings settings, BlockStore store) throws IOException {
        this.home = home;
        this.keys = keys;
        this.definition = definition;
        this.settings = settings;
        this.store = store;
        this.gate = new SwarmGate(definition);
        this.self = definition.site(keys.peerId()).orElseThrow(() -> new IllegalArgumentException(
                "this node (" + keys.peerId() + ") is not a site of swarm '" + definition.name() + "': add it with its peer id first"));
        SwarmId swarmId = gate.swarmId();
        ManifestAdmission admission = ManifestAdmission.forSwarm(definition);
        Path daemonDir = home.directory().resolve("daemon");
        Path workDir = clearedWorkDirectory(daemonDir.resolve("work"));
        this.state = new SwarmState(cid -> SignedManifest.decode(cid, store.get(cid)));
        this.host = new Libp2pHost(keys.identity(), Libp2pHostConfig.defaults(), scheduler, random);
        this.exchange = new BlockExchange(host, store, gate, settings.exchangeOptions(home.config()), scheduler, random,
                MappedPositions.factory(workDir, HEAP_POSITIONS));
        this.pubsub = GossipSub.start(host, keys.identity(), scheduler, random);
        this.autoPush = DaemonBridges.open(home, swarmId, store, scheduler, random, System.getenv());
        boolean decrypts = DataKeyDecision.holdsDataKey(home.directory(), self, definition);
        this.repository = decrypts ? new Repository(store, keys.dataKeys(), keys.signer(), home.snapshotsDirectory(), swarmId.toString(),
                home.config().dataset(), scheduler.clock()) : null;
        this.held = new HeldSnapshots(store, admission, state, exchange, new Heads(daemonDir.resolve("complete")),
                decrypts ? new Heads(home.snapshotsDirectory().resolve("heads")) : null, keys.identity(), swarmId, scheduler.clock(),
                this::held);
        this.replicator = new Replicator(store, exchange, this::usablePeers, state, daemonDir.resolve("pending"), workDir, held,
                decrypts ? keys.dataKeys() : null, scheduler);
        this.fetcher = new ManifestFetcher(new ManifestIntake(admission, definition), swarmId, state, store, exchange, replicator, scheduler);
        this.heads = new HeadsExchange(host, gate, this::localHeads, state::knows, new AntiEntropyEvents(fetcher, state, scheduler.clock()),
                settings.antiEntropyInterval().toMillis(), scheduler);
        this.snapshotter = decrypts && definition.writer(keys.peerId()).isPresent()
                ? new Snapshotter(home, repository, store, admission, state, held, pubsub, swarmId, scheduler.clock()) : null;
    }

    /**
     * Position sets of at most this many entries (8 KiB) stay in the heap; larger ones (what this
     * node and each partial peer hold of a snapshot being fetched) are memory-mapped files.
     */
    static final long HEAP_POSITIONS = 65_536;

    /**
     * {@code <home>/daemon/work}, emptied: the temporary files of fetches (mapped indexes and
     * position sets) that a killed process left behind. Nothing in it is ever kept across runs.
     */
    private static Path clearedWorkDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
            }
        }
        Files.createDirectories(dir);
        return dir;
    }

    /** Starts a node on an opened home with unlocked keys. The store is closed by {@link #close}. */
    public static Daemon start(Home home, KeyRing keys, SwarmDefinition definition, DaemonSettings settings) throws IOException {
        BlockStore store = home.openStore();
        if (settings.badBlocks()) store = CorruptingBlockStore.flippingRawBlocks(store); // testnet bad-peer scenario only
        Daemon d = new Daemon(home, keys, definition, settings, store);
        try {
            d.startServices();
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void startServices() throws IOException {
        host.addConnectionListener(new PeerGate(host, gate, state, scheduler.clock()));
        exchange.start();
        heads.start();
        SwarmId swarmId = gate.swarmId();
        pubsub.setValidator(HeadAnnouncement.topic(swarmId), fetcher::validateAnnouncement);
        pubsub.subscribe(HeadAnnouncement.topic(swarmId), m -> { });
        pubsub.setValidator(ReplicationReceipt.topic(swarmId), fetcher::validateReceipt);
        pubsub.subscribe(ReplicationReceipt.topic(swarmId), m -> { });
        autoPush.start();
        held.recover(repository == null ? List.of() : repository.history().newestFirst(), replicator.pendingFromDisk(), replicator);
        replicator.start();
        for (Multiaddr a : home.config().listen()) host.listen(a);
        for (Site s : definition.sites()) {
            if (s.peerId().equals(keys.peerId())) continue;
            for (Multiaddr a : s.addresses()) host.keepConnected(a.peerId() == null ? a.withPeer(s.peerId()) : a);
        }
        for (Multiaddr b : home.config().bootstrap()) host.keepConnected(b);
        if (snapshotter != null) {
            snapshotTimer = snapshotter.startSchedule(new SnapshotTriggers.Settings(settings.scheduleEnabled() ? home.config().snapshotTime() : null,
                    settings.anomalyBytes(), settings.anomalyCheck()), scheduler, keys.peerId().toString());
        }
        Duration ae = settings.antiEntropyInterval();
        periodic.add(scheduler.scheduleWithFixedDelay(ae.dividedBy(4), ae.dividedBy(4), heads::tick));
    }

    /** A snapshot became held here: pass our receipt on (anti-entropy, gossip) and offer the snapshot to the bridges. */
    private void held(Cid cid, SignedManifest m, ReplicationReceipt receipt) {
        heads.addReceipt(receipt);
        pubsub.publish(ReplicationReceipt.topic(gate.swarmId()), receipt.encode());
        autoPush.offer(cid, m);
    }

    private HeadsView localHeads() {
        return LocalHeadsView.of(state.newestFirst(LocalHeadsView.MAX_HEADS), cid -> state.progress(cid).map(SwarmState.Progress::complete).orElse(false),
                exchange.holdings()::view, state.allReceipts());
    }

    private Set<PeerId> usablePeers() {
        Set<PeerId> out = new HashSet<>();
        for (PeerId p : host.connectedPeers()) if (gate.checkPeer(p).accepted() && !exchange.isBanned(p)) out.add(p);
        return out;
    }

    /** Takes a snapshot of the configured layers and announces it (writers that decrypt only). */
    public SnapshotOutcome snapshot(String reason) throws IOException {
        if (snapshotter == null) throw new IllegalStateException("site '" + self.name() + "' is not a writer of swarm '" + definition.name() + "'");
        return snapshotter.take(reason);
    }

    // ---- what the control API, the demo and swarm-restore read ------------------------------

    /** The node's time, timers and threads (the control API's clock, swarm-restore's waits). */
    public Scheduler scheduler() {
        return scheduler;
    }

    public Libp2pHost host() {
        return host;
    }

    public SwarmState state() {
        return state;
    }

    public SwarmDefinition definition() {
        return definition;
    }

    public Site self() {
        return self;
    }

    public SwarmId swarmId() {
        return gate.swarmId();
    }

    public BlockExchange exchange() {
        return exchange;
    }

    /** The repository on sites that decrypt, else null. */
    public Repository repository() {
        return repository;
    }

    public Home home() {
        return home;
    }

    /** The automatic pushes to the configured bridges (state per bridge and snapshot). */
    public AutoPush autoPush() {
        return autoPush;
    }

    /** What this node holds of a snapshot right now. */
    public LocalHoldings.View holding(Cid manifest) {
        return exchange.holdings().view(manifest);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (snapshotTimer != null) snapshotTimer.close();
        periodic.forEach(Task::cancel);
        replicator.close();
        autoPush.close();
        heads.close();
        try {
            pubsub.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "gossip close: " + e);
        }
        exchange.close();
        host.close();
        try {
            store.flush();
            store.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "store close: " + e.getMessage());
        }
        scheduler.close(); // last: the parts above cancel their own timers and threads
    }
}
