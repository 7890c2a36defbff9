package io.phoenix.node.replication;

import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.pubsub.PubSubMessage;
import io.phoenix.protocol.p2p.pubsub.ValidationResult;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.swarm.Head;
import io.phoenix.protocol.swarm.HeadAnnouncement;
import io.phoenix.protocol.swarm.SwarmId;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.swarm.exchange.BlockExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Runs the {@link ManifestIntake} engine for the daemon: validates the gossip topics (manifest
 * announcements, receipts) and learns the heads anti-entropy reports missing, fetching each
 * manifest as a loose block through the {@link BlockExchange} (at most {@link #FETCH_TIMEOUT} per
 * source). An admitted manifest goes into the {@link SwarmState} and to the {@link Replicator}.
 */
public final class ManifestFetcher {
    private static final System.Logger LOG = System.getLogger(ManifestFetcher.class.getName());
    /** How long one source may take to deliver a manifest. */
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    private final ManifestIntake intake;
    private final SwarmId swarmId;
    private final SwarmState state;
    private final BlockStore store;
    private final BlockExchange exchange;
    private final Replicator replicator;
    private final Scheduler scheduler;
    /** Heads anti-entropy asked us to learn that are being learnt now (one learner per CID). */
    private final Set<Cid> learning = ConcurrentHashMap.newKeySet();

    public ManifestFetcher(ManifestIntake intake, SwarmId swarmId, SwarmState state, BlockStore store, BlockExchange exchange,
                           Replicator replicator, Scheduler scheduler) {
        this.intake = intake;
        this.swarmId = swarmId;
        this.state = state;
        this.store = store;
        this.exchange = exchange;
        this.replicator = replicator;
        this.scheduler = scheduler;
    }

    /** Gossip validator of the manifests topic: the announced manifest is fetched and admitted before the message is forwarded. */
    public ValidationResult validateAnnouncement(PubSubMessage msg) {
        HeadAnnouncement a;
        try {
            a = HeadAnnouncement.decode(msg.data());
        } catch (RuntimeException e) {
            return ValidationResult.REJECT;
        }
        if (!a.swarm().equals(swarmId)) return ValidationResult.REJECT;
        List<PeerId> sources = new ArrayList<>(List.of(msg.receivedFrom()));
        if (msg.from() != null && !msg.from().equals(msg.receivedFrom())) sources.add(msg.from());
        return learn(a.head().manifest(), sources, "gossip");
    }

    /** Gossip validator of the receipts topic. */
    public ValidationResult validateReceipt(PubSubMessage msg) {
        try {
            state.addReceipt(intake.receipt(msg.data()));
            return ValidationResult.ACCEPT;
        } catch (RuntimeException e) {
            return ValidationResult.REJECT;
        }
    }

    /** Anti-entropy: {@code from} has a head we do not know; learn it on a thread of its own (once per CID at a time). */
    public void missing(PeerId from, Head head) {
        Cid cid = head.manifest();
        if (!learning.add(cid)) return;
        scheduler.start("phoenix-learn-" + cid, () -> {
            try {
                learn(cid, List.of(from), "anti-entropy");
            } finally {
                learning.remove(cid);
            }
        });
    }

    /** Fetches, admits and queues a manifest announced by others ({@code via}: how we heard of it, for the log). */
    ValidationResult learn(Cid cid, List<PeerId> sources, String via) {
        ManifestIntake.Decision d = intake.heard(cid, sources, state.knows(cid), local(cid));
        while (d instanceof ManifestIntake.Fetch f) d = intake.delivered(cid, sources, f.from(), fetch(cid, f.from()));
        return switch (d) {
            case ManifestIntake.Known k -> ValidationResult.ACCEPT;
            case ManifestIntake.Admit a -> {
                SignedManifest m = a.manifest();
                if (state.addManifest(cid, m)) {
                    LOG.log(System.Logger.Level.INFO, "new snapshot " + cid + " #" + m.manifest().sequence() + " by "
                            + m.manifest().author().peerId() + " (learnt via " + via + " from " + a.from() + ")");
                }
                replicator.offer(cid, m);
                yield ValidationResult.ACCEPT;
            }
            case ManifestIntake.Refuse r -> {
                if (r.from() != null && cid.codec() == Cid.DAG_CBOR) {
                    LOG.log(System.Logger.Level.WARNING, "rejecting manifest " + cid + " from " + r.from() + ": " + r.reason());
                }
                yield ValidationResult.REJECT;
            }
            case ManifestIntake.GiveUp g -> ValidationResult.IGNORE;
            case ManifestIntake.Fetch f -> throw new IllegalStateException("unreachable");
        };
    }

    /** The manifest from {@code peer} through the block exchange (verified by CID, stored), or null after {@link #FETCH_TIMEOUT}. */
    private byte[] fetch(Cid cid, PeerId peer) {
        byte[] held = local(cid);
        if (held != null) return held;
        CompletableFuture<?> f;
        try {
            f = exchange.fetchBlocks(List.of(cid), List.of(peer));
        } catch (RuntimeException e) {
            return null;
        }
        try {
            scheduler.await(f, FETCH_TIMEOUT);
            return local(cid);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            f.cancel(true);
            return null;
        }
    }

    private byte[] local(Cid cid) {
        try {
            return store.has(cid) ? store.get(cid) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
