package io.phoenix.node.daemon;

import com.google.protobuf.ByteString;
import io.phoenix.gossip.GossipSub;
import io.phoenix.swarm.heads.HeadsExchange;
import io.phoenix.node.home.Config;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.KeyRing;
import io.phoenix.node.snapshot.Heads;
import io.phoenix.node.snapshot.LayerSource;
import io.phoenix.node.snapshot.Repository;
import io.phoenix.node.snapshot.SnapshotHistory;
import io.phoenix.node.snapshot.SnapshotOutcome;
import io.phoenix.node.snapshot.SnapshotStats;
import io.phoenix.node.snapshot.Warnings;
import io.phoenix.swarm.exchange.BlockExchange;
import io.phoenix.protocol.exchange.ExchangeOptions;
import io.phoenix.protocol.exchange.FetchResult;
import io.phoenix.protocol.exchange.LocalHoldings;
import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.ConnectionListener;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.host.Libp2pHost;
import io.phoenix.protocol.p2p.host.Libp2pHostConfig;
import io.phoenix.protocol.p2p.pubsub.PubSubMessage;
import io.phoenix.protocol.p2p.pubsub.ValidationResult;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.swarm.GateDecision;
import io.phoenix.protocol.swarm.Head;
import io.phoenix.protocol.swarm.HeadAnnouncement;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.SwarmGate;
import io.phoenix.protocol.swarm.SwarmId;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The composition root of {@code phoenix node run}: the only place where the real clock, threads
 * and sockets are created. Wires the libp2p host (listening on the configured addresses, dialling
 * every other site of the swarm and the bootstrap peers), the swarm gate, gossipsub with the
 * manifest and receipt topics, the block exchange, the meta-block and heads protocols, the
 * replicator, the snapshot schedule and the control API.
 */
public final class Daemon implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Daemon.class.getName());

    private final Home home;
    private final KeyRing keys;
    private final SwarmDefinition definition;
    private final SwarmGate gate;
    private final SwarmId swarmId;
    private final Site self;
    private final DaemonSettings settings;
    private final Clock clock;
    private final BlockStore store;
    private final Libp2pHost host;
    private final GossipSub pubsub;
    private final BlockExchange exchange;
    private final HeadsExchange heads;
    private final SwarmState state = new SwarmState();
    private final Replicator replicator;
    private final Repository repository;
    private final Heads complete;
    private final ManifestValidator validator;
    private final io.phoenix.node.bridges.AutoPush autoPush;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, Thread.ofVirtual().factory());
    private final Object snapshotLock = new Object();
    private volatile Instant lastSnapshot;
    private volatile boolean closed;

    private Daemon(Home home, KeyRing keys, SwarmDefinition definition, DaemonSettings settings, Clock clock, BlockStore store) throws IOException {
        this.home = home;
        this.keys = keys;
        this.definition = definition;
        this.gate = new SwarmGate(definition);
        this.swarmId = gate.swarmId();
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.self = definition.site(keys.peerId()).orElseThrow(() -> new IllegalArgumentException(
                "this node (" + keys.peerId() + ") is not a site of swarm '" + definition.name() + "': add it with its peer id first"));
        this.validator = new ManifestValidator(definition);
        this.host = new Libp2pHost(keys.identity(), Libp2pHostConfig.defaults(), new SecureRandom());
        Config c = home.config();
        // bandwidth: node-wide limits from config.toml [bandwidth], per-peer ones from daemon.toml.
        // Fetch tuning (docs/daemon.md "Fetch tuning"): eight requests per peer from the start, so
        // that a seed's upload queue (least-uploaded block first across all its clients) has blocks
        // it has not sent yet to choose from, and a strong preference for partial holders over seeds
        this.exchange = new BlockExchange(host, store, gate,
                new ExchangeOptions(c.uploadBytesPerSecond(), settings.uploadPerPeer(), c.downloadBytesPerSecond(), settings.downloadPerPeer(),
                        256 * 1024, new io.phoenix.protocol.exchange.FetchConfig(8, 64, 32L << 20, 500, 2_000, 60_000, 512 * 1024, 1_000, 16.0)),
                new io.phoenix.protocol.time.SystemScheduler(), new SecureRandom());
        this.heads = new HeadsExchange(host, gate, this::localHeads, cid -> state.knows(cid), new HeadsExchange.Listener() {
            @Override
            public void missing(PeerId from, Head head) {
                Thread.ofVirtual().start(() -> learn(head.manifest(), List.of(from), "anti-entropy"));
            }

            @Override
            public void receipt(ReplicationReceipt r) {
                state.addReceipt(r);
            }

            @Override
            public void peerView(io.phoenix.protocol.heads.PeerView view) {
                state.seen(view.peer(), clock.instant());
                state.peerProgress(view.peer(), view.view().partial(), clock.instant());
            }
        }, settings.antiEntropyInterval().toMillis(), new io.phoenix.protocol.time.SystemScheduler());
        this.pubsub = GossipSub.start(host, keys.identity());
        this.complete = new Heads(home.directory().resolve("daemon").resolve("complete"));
        boolean holdsKey = holdsDataKey(home.directory(), self, definition);
        this.repository = holdsKey
                ? new Repository(store, keys.dataKeys(), keys.signer(), home.snapshotsDirectory(), swarmId.toString(), c.dataset(), clock)
                : null;
        this.replicator = new Replicator(store, exchange, this::usablePeers, state,
                home.directory().resolve("daemon").resolve("pending"), this::completed, holdsKey ? keys.dataKeys() : null);
        this.autoPush = DaemonBridges.open(home, swarmId, store, clock, System.getenv());
    }

    /** Starts a node on an opened home with unlocked keys. The store is closed by {@link #close}. */
    public static Daemon start(Home home, KeyRing keys, SwarmDefinition definition, DaemonSettings settings, Clock clock)
            throws IOException {
        BlockStore store = home.openStore();
        if (settings.badBlocks()) store = new CorruptingBlockStore(store);
        Daemon d = new Daemon(home, keys, definition, settings, clock, store);
        try {
            d.startServices();
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void startServices() throws IOException {
        host.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(PeerId peer, Multiaddr remoteAddress, boolean inbound) {
                GateDecision d = gate.checkPeer(peer);
                if (!d.accepted()) {
                    LOG.log(System.Logger.Level.WARNING, d.reason() + " (from " + remoteAddress + ")");
                    host.disconnect(peer);
                    return;
                }
                state.seen(peer, clock.instant());
            }

            @Override
            public void disconnected(PeerId peer) {
                state.seen(peer, clock.instant());
            }
        });
        exchange.start();
        heads.start();
        String manifestsTopic = HeadAnnouncement.topic(swarmId);
        String receiptsTopic = receiptsTopic(swarmId);
        pubsub.setValidator(manifestsTopic, this::validateAnnouncement);
        pubsub.subscribe(manifestsTopic, m -> { });
        pubsub.setValidator(receiptsTopic, this::validateReceipt);
        pubsub.subscribe(receiptsTopic, m -> { });
        autoPush.start();
        loadLocalState();
        replicator.start();
        for (Multiaddr a : home.config().listen()) host.listen(a);
        for (Site s : definition.sites()) {
            if (s.peerId().equals(keys.peerId())) continue;
            for (Multiaddr a : s.addresses()) host.keepConnected(a.peerId() == null ? a.withPeer(s.peerId()) : a);
        }
        for (Multiaddr b : home.config().bootstrap()) host.keepConnected(b);
        if (repository != null && definition.writer(keys.peerId()).isPresent()) scheduleSnapshots();
        long ae = settings.antiEntropyInterval().toMillis();
        timers.scheduleWithFixedDelay(heads::tick, ae / 4, ae / 4, TimeUnit.MILLISECONDS);
        // the store batches durability; while a fetch runs, make what arrived durable every second
        // so that a crash loses at most a second of transfer (resume without refetching)
        timers.scheduleWithFixedDelay(this::flushWhileFetching, 1, 1, TimeUnit.SECONDS);
    }

    private void flushWhileFetching() {
        if (replicator.current().isEmpty()) return;
        try {
            store.flush();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "store flush failed: " + e);
        }
    }

    public static String receiptsTopic(SwarmId swarm) {
        return "/phoenix/" + swarm + "/receipts";
    }

    // ---- local state -------------------------------------------------------------------------

    private void loadLocalState() throws IOException {
        Set<Cid> done = new HashSet<>(complete.list());
        if (repository != null) {
            for (SnapshotHistory.Snapshot s : repository.history().newestFirst()) {
                if (s.signed().manifest().swarmId().equals(swarmId.toString())) done.add(s.cid());
            }
        }
        for (Cid cid : done) {
            try {
                SignedManifest m = validator.validate(cid, store.get(cid));
                List<Cid> index = readIndex(m);
                if (!allHeld(index)) {
                    replicator.offer(cid, m);
                    state.addManifest(cid, m);
                    continue;
                }
                state.addManifest(cid, m);
                markHeld(cid, m, index);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "snapshot " + cid + " recorded as held is not readable (" + e.getMessage() + "); refetching");
            }
        }
        for (Cid cid : replicator.pendingFromDisk()) {
            try {
                SignedManifest m = validator.validate(cid, store.get(cid));
                state.addManifest(cid, m);
                replicator.offer(cid, m);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "pending snapshot " + cid + " cannot be resumed: " + e.getMessage());
            }
        }
    }

    private List<Cid> readIndex(SignedManifest m) throws IOException {
        List<IndexPage> pages = new ArrayList<>();
        for (Cid page : m.manifest().indexPages()) pages.add(IndexPage.decode(page, store.get(page)));
        return io.phoenix.protocol.exchange.SnapshotWants.of(0, pages).stream().map(w -> w.cid()).toList();
    }

    private boolean allHeld(List<Cid> index) throws IOException {
        for (Cid c : index) if (!store.has(c)) return false;
        return true;
    }

    /** Records a snapshot as held complete: advertised by the exchange, receipt signed and published. */
    private void markHeld(Cid cid, SignedManifest m, List<Cid> index) throws IOException {
        exchange.register(cid, index);
        complete.advance(cid, List.of());
        state.progress(cid, new SwarmState.Progress(index.size(), index.size(), true));
        ReplicationReceipt r = ReplicationReceipt.sign(keys.identity(), swarmId, cid, m.manifest().sequence(), clock.millis());
        state.addReceipt(r);
        heads.addReceipt(r);
        pubsub.publish(receiptsTopic(swarmId), r.encode());
        autoPush.offer(cid, m);
    }

    private void completed(Cid cid, SignedManifest m, List<Cid> index, FetchResult r) throws IOException {
        if (repository != null) {
            Heads local = new Heads(home.snapshotsDirectory().resolve("heads"));
            Set<Cid> replaced = new HashSet<>(local.list());
            replaced.retainAll(m.manifest().parents());
            local.advance(cid, replaced);
        }
        LOG.log(System.Logger.Level.INFO, "snapshot " + cid + " held complete: " + r.fetchedBlocks() + " blocks ("
                + r.fetchedBytes() + " bytes) fetched, " + r.badBlocks() + " bad blocks, banned " + r.bannedPeers());
        state.fetched(cid, new SwarmState.Fetched(r.fetchedBlocks(), r.fetchedBytes(), r.badBlocks()));
        markHeld(cid, m, index);
    }

    // ---- gossip ------------------------------------------------------------------------------

    private ValidationResult validateAnnouncement(PubSubMessage msg) {
        HeadAnnouncement a;
        try {
            a = HeadAnnouncement.decode(msg.data());
        } catch (RuntimeException e) {
            return ValidationResult.REJECT;
        }
        if (!a.swarm().equals(swarmId)) return ValidationResult.REJECT;
        Cid cid = a.head().manifest();
        if (state.knows(cid)) return ValidationResult.ACCEPT;
        List<PeerId> sources = new ArrayList<>(List.of(msg.receivedFrom()));
        if (msg.from() != null && !msg.from().equals(msg.receivedFrom())) sources.add(msg.from());
        return learn(cid, sources, "gossip");
    }

    /** Fetches, verifies and queues a manifest announced by others ({@code via}: how we heard of it, for the log). */
    private ValidationResult learn(Cid cid, List<PeerId> sources, String via) {
        if (cid.codec() != Cid.DAG_CBOR) return ValidationResult.REJECT;
        if (state.knows(cid)) return ValidationResult.ACCEPT;
        for (PeerId p : sources) {
            byte[] local = getQuietly(cid);
            Optional<byte[]> bytes = local != null ? Optional.of(local) : fetchLoose(cid, p);
            if (bytes.isEmpty()) continue;
            SignedManifest m;
            try {
                m = validator.validate(cid, bytes.get());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "rejecting manifest " + cid + " from " + p + ": " + e.getMessage());
                return ValidationResult.REJECT;
            }
            if (state.addManifest(cid, m)) {
                LOG.log(System.Logger.Level.INFO, "new snapshot " + cid + " #" + m.manifest().sequence() + " by " + m.manifest().author().peerId()
                        + " (learnt via " + via + " from " + p + ")");
            }
            replicator.offer(cid, m);
            return ValidationResult.ACCEPT;
        }
        return ValidationResult.IGNORE;
    }

    /** A manifest from {@code peer} through the block exchange (verified by CID, stored), or empty after 10 s. */
    private Optional<byte[]> fetchLoose(Cid cid, PeerId peer) {
        java.util.concurrent.CompletableFuture<FetchResult> f = null;
        try {
            f = exchange.fetchBlocks(List.of(cid), List.of(peer));
            f.get(10, TimeUnit.SECONDS);
            return Optional.ofNullable(getQuietly(cid));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            if (f != null) f.cancel(true);
            return Optional.empty();
        }
    }

    private byte[] getQuietly(Cid cid) {
        try {
            return store.has(cid) ? store.get(cid) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private ValidationResult validateReceipt(PubSubMessage msg) {
        try {
            ReplicationReceipt r = ReplicationReceipt.decode(msg.data());
            r.verify(definition, swarmId);
            state.addReceipt(r);
            return ValidationResult.ACCEPT;
        } catch (RuntimeException e) {
            return ValidationResult.REJECT;
        }
    }

    // ---- anti-entropy ----------------------------------------------------------------------

    private io.phoenix.protocol.heads.HeadsView localHeads() {
        List<Head> hs = new ArrayList<>();
        Set<Cid> done = new HashSet<>();
        List<io.phoenix.protocol.heads.PartialHolding> partial = new ArrayList<>();
        int n = 0;
        for (Map.Entry<Cid, SignedManifest> e : state.newestFirst()) {
            if (n++ >= 64) break;
            hs.add(new Head(e.getKey(), e.getValue().manifest().sequence(), e.getValue().manifest().time().toEpochMilli()));
            var p = state.progress(e.getKey());
            if (p.isPresent() && p.get().complete()) {
                done.add(e.getKey());
            } else {
                LocalHoldings.View v = exchange.holdings().view(e.getKey());
                if (v.total() > 0) partial.add(new io.phoenix.protocol.heads.PartialHolding(e.getKey(), v.held().cardinality(), v.total()));
            }
        }
        List<ReplicationReceipt> rs = state.allReceipts();
        return new io.phoenix.protocol.heads.HeadsView(hs, done, rs.size() > 1024 ? rs.subList(0, 1024) : rs, partial);
    }

    private Set<PeerId> usablePeers() {
        Set<PeerId> out = new HashSet<>();
        for (PeerId p : host.connectedPeers()) if (gate.checkPeer(p).accepted() && !exchange.isBanned(p)) out.add(p);
        return out;
    }

    // ---- snapshots ---------------------------------------------------------------------------

    /** Takes a snapshot of the configured layers and announces it (writers only). */
    public SnapshotOutcome snapshot(String reason) throws IOException {
        if (repository == null || definition.writer(keys.peerId()).isEmpty()) {
            throw new IllegalStateException("site '" + self.name() + "' is not a writer of swarm '" + definition.name() + "'");
        }
        Map<String, List<Path>> layers = home.config().layers();
        if (layers.isEmpty()) throw new IllegalStateException("no layers configured in " + home.configFile());
        List<LayerSource> sources = new ArrayList<>();
        layers.forEach((k, v) -> sources.add(new LayerSource(k, v.stream().map(p -> home.directory().resolve(p)).toList())));
        synchronized (snapshotLock) {
            Warnings w = new Warnings(x -> LOG.log(System.Logger.Level.WARNING, "snapshot: " + x));
            SnapshotOutcome o = repository.snapshot(sources, Runtime.getRuntime().availableProcessors(), new SnapshotStats(), w);
            lastSnapshot = clock.instant();
            SignedManifest m = validator.validate(o.id(), store.get(o.id()));
            state.addManifest(o.id(), m);
            markHeld(o.id(), m, readIndex(m));
            HeadAnnouncement a = new HeadAnnouncement(swarmId, new Head(o.id(), m.manifest().sequence(), m.manifest().time().toEpochMilli()));
            pubsub.publish(HeadAnnouncement.topic(swarmId), a.encode());
            LOG.log(System.Logger.Level.INFO, "snapshot " + o.id() + " #" + m.manifest().sequence() + " taken (" + reason + ") and announced");
            return o;
        }
    }

    private void scheduleSnapshots() {
        lastSnapshot = clock.instant();
        if (settings.scheduleEnabled()) scheduleDaily();
        if (settings.anomalyBytes() > 0) {
            long every = settings.anomalyCheck().toMillis();
            timers.scheduleWithFixedDelay(() -> {
                try {
                    List<LayerSource> sources = new ArrayList<>();
                    home.config().layers().forEach((k, v) -> sources.add(new LayerSource(k, v.stream().map(p -> home.directory().resolve(p)).toList())));
                    long changed = SnapshotSchedule.changedBytes(sources, lastSnapshot);
                    if (changed >= settings.anomalyBytes()) snapshot("anomaly trigger: " + changed + " bytes changed");
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "anomaly check failed: " + e);
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void scheduleDaily() {
        Instant now = clock.instant();
        Instant next = SnapshotSchedule.nextDaily(now, home.config().snapshotTime());
        LOG.log(System.Logger.Level.INFO, "next scheduled snapshot at " + next);
        timers.schedule(() -> {
            try {
                snapshot("daily schedule");
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "scheduled snapshot failed: " + e);
            }
            if (!closed) scheduleDaily();
        }, Duration.between(now, next).toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- queries -----------------------------------------------------------------------------

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
        return swarmId;
    }

    public BlockExchange exchange() {
        return exchange;
    }

    public Optional<Instant> lastSnapshot() {
        return Optional.ofNullable(lastSnapshot);
    }

    public Repository repository() {
        return repository;
    }

    public Home home() {
        return home;
    }

    /** The automatic pushes to the configured bridges (state per bridge and snapshot). */
    public io.phoenix.node.bridges.AutoPush autoPush() {
        return autoPush;
    }

    ScheduledExecutorService timers() {
        return timers;
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
        timers.shutdownNow();
        replicator.close();
        if (autoPush != null) autoPush.close();
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
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "store close: " + e);
        }
    }

    /**
     * Whether this site decrypts: its role may hold the data key, the swarm file lists it as a
     * reader, and it has the swarm secret (a writer's own secret is the swarm's; any other reader
     * needs {@code keys/swarm.wrap} from {@code phoenix swarm install-key}). Otherwise it replicates
     * and verifies by CID only, and never reads a key file.
     */
    static boolean holdsDataKey(Path home, Site self, SwarmDefinition definition) {
        boolean hasFile = NodeKeysFiles.hasSwarmKey(home);
        if (!self.role().mayHoldDataKey() || !definition.isReader(self.peerId())) {
            if (hasFile) {
                LOG.log(System.Logger.Level.WARNING, "site '" + self.name() + "' (role " + self.role().label()
                        + ") is not a reader of the swarm: the swarm key in " + home.resolve("keys") + " is ignored; remove it");
            }
            return false;
        }
        if (definition.writer(self.peerId()).isPresent() || hasFile) return true;
        LOG.log(System.Logger.Level.WARNING, "site '" + self.name() + "' is a reader but holds no swarm key (keys/"
                + NodeKeysFiles.SWARM_WRAP + "): it replicates by CID only and cannot restore until a writer runs "
                + "'phoenix swarm wrap-key' for it and it runs 'phoenix swarm install-key'");
        return false;
    }

    static boolean isStorageRole(SiteRole r) {
        return !r.mayHoldDataKey();
    }
}
