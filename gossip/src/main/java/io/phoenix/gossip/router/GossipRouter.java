package io.phoenix.gossip.router;

import com.google.protobuf.ByteString;
import io.phoenix.gossip.proto.RpcProto.ControlGraft;
import io.phoenix.gossip.proto.RpcProto.ControlIHave;
import io.phoenix.gossip.proto.RpcProto.ControlIWant;
import io.phoenix.gossip.proto.RpcProto.ControlMessage;
import io.phoenix.gossip.proto.RpcProto.ControlPrune;
import io.phoenix.gossip.proto.RpcProto.Message;
import io.phoenix.gossip.proto.RpcProto.RPC;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.pubsub.PubSubMessage;
import io.phoenix.protocol.p2p.pubsub.ValidationResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The gossipsub v1.1 router as a pure state machine: every input (a peer's RPC, a local publish,
 * a heartbeat tick, a validator verdict) comes with the current time and returns {@link Effects}.
 * No I/O, no threads, no clock of its own: not thread-safe, the caller serialises calls.
 */
public final class GossipRouter {
    private final GossipConfig config;
    private final GossipAuthor self;
    private final SignatureVerifier verifier;
    private final Random random;
    private final Outbox out = new Outbox();

    private final Map<PeerId, PeerState> peers = new HashMap<>();
    private final Set<String> subscriptions = new LinkedHashSet<>();
    private final Map<String, Set<PeerId>> mesh = new HashMap<>();
    private final Map<String, Set<PeerId>> fanout = new HashMap<>();
    private final Map<String, Long> fanoutLastPublish = new HashMap<>();
    private final Map<String, Map<PeerId, Long>> backoff = new HashMap<>();
    private final Map<ByteString, Pending> pending = new HashMap<>();
    /** Gossip promises: for one id of each IWANT we sent, when the advertising peer must have delivered it. */
    private final Map<ByteString, Map<PeerId, Long>> promises = new HashMap<>();
    static final long IWANT_FOLLOWUP_MILLIS = 3000;
    private final SeenCache seen;
    private final MessageCache cache;
    private final PeerScore score;
    private long nextSeqno;

    private static final class PeerState {
        final boolean outbound;
        final Set<String> topics = new HashSet<>();
        int ihaveThisHeartbeat;
        int iwantedThisHeartbeat;

        PeerState(boolean outbound) {
            this.outbound = outbound;
        }
    }

    private record Pending(Message message, PeerId source, PubSubMessage view) {}

    public GossipRouter(GossipConfig config, GossipAuthor self, SignatureVerifier verifier, Random random, long nowMillis) {
        this.config = config;
        this.self = self;
        this.verifier = verifier;
        this.random = random;
        this.seen = new SeenCache(config.seenTtl().toMillis());
        this.cache = new MessageCache(config.historyLength(), config.historyGossip());
        this.score = new PeerScore(config.score());
        this.nextSeqno = nowMillis * 1_000_000L; // monotonic across restarts, like go-libp2p
    }

    // ---------------------------------------------------------------- peers

    /** A peer we can exchange RPCs with; {@code outbound} when we dialed its connection. Sends our subscriptions. */
    public Effects addPeer(PeerId peer, boolean outbound, long now) {
        if (peers.putIfAbsent(peer, new PeerState(outbound)) == null) {
            for (String t : subscriptions) out.subscription(peer, t, true);
        }
        return out.drain();
    }

    public Effects removePeer(PeerId peer, long now) {
        if (peers.remove(peer) != null) {
            mesh.values().forEach(s -> s.remove(peer));
            fanout.values().forEach(s -> s.remove(peer));
        }
        return out.drain();
    }

    // ---------------------------------------------------------------- local API

    public Effects subscribe(String topic, long now) {
        if (!subscriptions.add(topic)) return Effects.NONE;
        for (PeerId p : peers.keySet()) out.subscription(p, topic, true);
        Set<PeerId> m = new LinkedHashSet<>();
        Set<PeerId> fan = fanout.remove(topic);
        fanoutLastPublish.remove(topic);
        if (fan != null) for (PeerId p : fan) if (m.size() < config.d() && score.score(p) >= 0) m.add(p);
        if (m.size() < config.d()) m.addAll(pick(graftCandidates(topic, m, now), config.d() - m.size()));
        mesh.put(topic, m);
        for (PeerId p : m) out.graft(p, topic);
        return out.drain();
    }

    public Effects unsubscribe(String topic, long now) {
        if (!subscriptions.remove(topic)) return Effects.NONE;
        for (PeerId p : peers.keySet()) out.subscription(p, topic, false);
        Set<PeerId> m = mesh.remove(topic);
        if (m != null) for (PeerId p : m) prune(p, topic, now);
        return out.drain();
    }

    /** Signs and sends a message of ours (flood publish to every subscribed peer, or mesh/fanout). */
    public Effects publish(String topic, byte[] data, long now) {
        Message msg = StrictSign.sign(self, topic, data, nextSeqno++);
        ByteString id = StrictSign.messageId(self.publicKeyProtobuf(), msg.getSeqno());
        if (msg.getSerializedSize() + 16 > config.maxRpcSize()) {
            throw new IllegalArgumentException("message of " + data.length + " bytes exceeds the RPC size limit");
        }
        seen.add(id, now);
        cache.put(id, msg);
        Set<PeerId> to = new HashSet<>();
        if (config.floodPublish()) {
            for (PeerId p : subscribersOf(topic)) if (score.score(p) >= config.score().publishThreshold()) to.add(p);
        } else if (subscriptions.contains(topic)) {
            to.addAll(mesh.getOrDefault(topic, Set.of()));
        } else {
            Set<PeerId> fan = fanout.computeIfAbsent(topic, t -> new LinkedHashSet<>());
            if (fan.isEmpty()) fan.addAll(pick(publishCandidates(topic, fan), config.d()));
            to.addAll(fan);
        }
        if (!subscriptions.contains(topic)) fanoutLastPublish.put(topic, now);
        for (PeerId p : to) out.message(p, msg);
        return out.drain();
    }

    // ---------------------------------------------------------------- inbound RPC

    public Effects handleRpc(PeerId from, RPC rpc, long now) {
        PeerState peer = peers.get(from);
        if (peer == null || score.score(from) < config.score().graylistThreshold()) return Effects.NONE;
        for (RPC.SubOpts sub : rpc.getSubscriptionsList()) {
            if (!sub.hasTopicid()) continue;
            if (sub.getSubscribe()) {
                peer.topics.add(sub.getTopicid());
            } else {
                peer.topics.remove(sub.getTopicid());
                Set<PeerId> m = mesh.get(sub.getTopicid());
                if (m != null) m.remove(from);
                Set<PeerId> f = fanout.get(sub.getTopicid());
                if (f != null) f.remove(from);
            }
        }
        for (Message m : rpc.getPublishList()) receiveMessage(from, m, now);
        if (rpc.hasControl()) handleControl(from, peer, rpc.getControl(), now);
        return out.drain();
    }

    private void receiveMessage(PeerId from, Message m, long now) {
        if (!m.hasTopic() || !subscriptions.contains(m.getTopic())) return;
        StrictSign.Verified v;
        try {
            v = StrictSign.verify(m, verifier);
        } catch (StrictSign.InvalidMessageException e) {
            score.invalidMessage(from, m.getTopic());
            return;
        }
        promises.remove(v.id()); // whoever promised it: it arrived
        if (!seen.add(v.id(), now)) return;
        if (v.author().equals(self.peerId())) return; // our own message coming back
        PubSubMessage view = new PubSubMessage(v.author(), from, m.getTopic(), m.getData().toByteArray(),
                m.getSeqno().toByteArray(), v.id().toByteArray());
        pending.put(v.id(), new Pending(m, from, view));
        out.validate(view);
    }

    /** The application validator's verdict on a message handed out in {@link Effects#validations()}. */
    public Effects validated(byte[] messageId, ValidationResult result, long now) {
        ByteString id = ByteString.copyFrom(messageId);
        Pending p = pending.remove(id);
        if (p == null) return Effects.NONE;
        switch (result) {
            case ACCEPT -> {
                cache.put(id, p.message());
                if (subscriptions.contains(p.message().getTopic())) out.deliver(p.view());
                for (PeerId to : mesh.getOrDefault(p.message().getTopic(), Set.of())) {
                    if (!to.equals(p.source()) && !to.equals(p.view().from())) out.message(to, p.message());
                }
            }
            case REJECT -> score.invalidMessage(p.source(), p.message().getTopic());
            case IGNORE -> { }
        }
        return out.drain();
    }

    private void handleControl(PeerId from, PeerState peer, ControlMessage c, long now) {
        boolean gossipOk = score.score(from) >= config.score().gossipThreshold();
        if (gossipOk) {
            List<ByteString> want = new ArrayList<>();
            for (ControlIHave ihave : c.getIhaveList()) {
                if (++peer.ihaveThisHeartbeat > config.maxIHaveMessages()) break;
                if (!subscriptions.contains(ihave.getTopicID())) continue;
                for (ByteString id : ihave.getMessageIDsList()) {
                    if (peer.iwantedThisHeartbeat + want.size() >= config.maxIHaveLength()) break;
                    if (!seen.contains(id) && !want.contains(id)) want.add(id);
                }
            }
            if (!want.isEmpty()) {
                Collections.shuffle(want, random);
                peer.iwantedThisHeartbeat += want.size();
                promises.computeIfAbsent(want.get(0), k -> new HashMap<>()).putIfAbsent(from, now + IWANT_FOLLOWUP_MILLIS);
                out.iwant(from, ControlIWant.newBuilder().addAllMessageIDs(want).build());
            }
            for (ControlIWant iwant : c.getIwantList()) {
                for (ByteString id : iwant.getMessageIDsList()) {
                    Message m = cache.getForPeer(id, from);
                    if (m != null) out.message(from, m);
                }
            }
        }
        for (ControlGraft g : c.getGraftList()) handleGraft(from, peer, g.getTopicID(), now);
        for (ControlPrune p : c.getPruneList()) {
            Set<PeerId> m = mesh.get(p.getTopicID());
            if (m != null && m.remove(from)) {
                long secs = p.hasBackoff() && p.getBackoff() > 0 ? p.getBackoff() : config.pruneBackoff().toSeconds();
                addBackoff(from, p.getTopicID(), now + Math.min(secs, 3600) * 1000);
            }
        }
    }

    private void handleGraft(PeerId from, PeerState peer, String topic, long now) {
        Set<PeerId> m = mesh.get(topic);
        if (m == null || m.contains(from)) return; // not our topic (ignored, as go/js do), or already grafted
        Long until = backoff.getOrDefault(topic, Map.of()).get(from);
        if (until != null && until > now) {
            score.behaviourPenalty(from); // P7: GRAFT while we told it to back off
            prune(from, topic, now);
        } else if (score.score(from) < 0 || (m.size() >= config.dHigh() && !peer.outbound)) {
            prune(from, topic, now);
        } else {
            m.add(from);
        }
    }

    // ---------------------------------------------------------------- heartbeat

    public Effects heartbeat(long now) {
        score.decay(peers.keySet());
        for (PeerState p : peers.values()) {
            p.ihaveThisHeartbeat = 0;
            p.iwantedThisHeartbeat = 0;
        }
        promises.values().forEach(byPeer -> byPeer.entrySet().removeIf(e -> {
            if (e.getValue() > now) return false;
            score.behaviourPenalty(e.getKey()); // P7: advertised with IHAVE, never delivered on IWANT
            return true;
        }));
        promises.values().removeIf(Map::isEmpty);
        backoff.values().forEach(b -> b.values().removeIf(until -> until <= now));
        backoff.values().removeIf(Map::isEmpty);
        for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) maintainMesh(e.getKey(), e.getValue(), now);
        fanout.keySet().removeIf(t -> {
            Long last = fanoutLastPublish.get(t);
            boolean expired = last == null || last + config.fanoutTtl().toMillis() <= now;
            if (expired) fanoutLastPublish.remove(t);
            return expired;
        });
        for (Map.Entry<String, Set<PeerId>> e : fanout.entrySet()) {
            Set<PeerId> f = e.getValue();
            f.removeIf(p -> !subscribersOf(e.getKey()).contains(p) || score.score(p) < config.score().publishThreshold());
            if (f.size() < config.d()) f.addAll(pick(publishCandidates(e.getKey(), f), config.d() - f.size()));
        }
        mesh.forEach((t, m) -> emitGossip(t, m));
        fanout.forEach((t, f) -> emitGossip(t, f));
        cache.shift();
        seen.expire(now);
        return out.drain();
    }

    private void maintainMesh(String topic, Set<PeerId> m, long now) {
        for (PeerId p : List.copyOf(m)) {
            if (score.score(p) < 0) {
                m.remove(p);
                prune(p, topic, now);
            }
        }
        if (m.size() < config.dLow()) {
            for (PeerId p : pick(graftCandidates(topic, m, now), config.d() - m.size())) graft(p, topic, m);
        }
        if (m.size() > config.dHigh()) {
            List<PeerId> byScore = new ArrayList<>(m);
            Collections.shuffle(byScore, random);
            byScore.sort((a, b) -> Double.compare(score.score(b), score.score(a)));
            List<PeerId> keep = new ArrayList<>(byScore.subList(0, config.dScore()));
            List<PeerId> rest = new ArrayList<>(byScore.subList(config.dScore(), byScore.size()));
            Collections.shuffle(rest, random);
            keep.addAll(rest.subList(0, config.d() - config.dScore()));
            // keep at least dOut outbound peers
            long outbound = keep.stream().filter(this::isOutbound).count();
            for (PeerId p : rest.subList(config.d() - config.dScore(), rest.size())) {
                if (outbound >= config.dOut()) break;
                if (!isOutbound(p)) continue;
                for (int i = keep.size() - 1; i >= config.dScore(); i--) {
                    if (!isOutbound(keep.get(i))) {
                        keep.set(i, p);
                        outbound++;
                        break;
                    }
                }
            }
            for (PeerId p : List.copyOf(m)) {
                if (!keep.contains(p)) {
                    m.remove(p);
                    prune(p, topic, now);
                }
            }
        }
        if (m.size() >= config.dLow()) {
            long outbound = m.stream().filter(this::isOutbound).count();
            if (outbound < config.dOut()) {
                List<PeerId> candidates = new ArrayList<>(graftCandidates(topic, m, now));
                candidates.removeIf(p -> !isOutbound(p));
                for (PeerId p : pick(candidates, (int) (config.dOut() - outbound))) graft(p, topic, m);
            }
        }
    }

    private void emitGossip(String topic, Set<PeerId> exclude) {
        List<ByteString> ids = cache.gossipIds(topic);
        if (ids.isEmpty()) return;
        List<PeerId> candidates = new ArrayList<>();
        for (PeerId p : subscribersOf(topic)) {
            if (!exclude.contains(p) && score.score(p) >= config.score().gossipThreshold()) candidates.add(p);
        }
        int n = Math.max(config.dLazy(), (int) (config.gossipFactor() * candidates.size()));
        for (PeerId p : pick(candidates, n)) {
            List<ByteString> shuffled = new ArrayList<>(ids);
            Collections.shuffle(shuffled, random);
            List<ByteString> send = shuffled.subList(0, Math.min(shuffled.size(), config.maxIHaveLength()));
            out.ihave(p, ControlIHave.newBuilder().setTopicID(topic).addAllMessageIDs(send).build());
        }
    }

    // ---------------------------------------------------------------- helpers

    private void graft(PeerId p, String topic, Set<PeerId> m) {
        m.add(p);
        out.graft(p, topic);
    }

    private void prune(PeerId p, String topic, long now) {
        long secs = config.pruneBackoff().toSeconds();
        addBackoff(p, topic, now + secs * 1000);
        out.prune(p, topic, secs);
    }

    private void addBackoff(PeerId p, String topic, long until) {
        backoff.computeIfAbsent(topic, t -> new HashMap<>()).merge(p, until, Math::max);
    }

    private boolean isOutbound(PeerId p) {
        PeerState s = peers.get(p);
        return s != null && s.outbound;
    }

    private List<PeerId> subscribersOf(String topic) {
        List<PeerId> list = new ArrayList<>();
        peers.forEach((p, s) -> {
            if (s.topics.contains(topic)) list.add(p);
        });
        list.sort(null); // deterministic order before any shuffle
        return list;
    }

    private List<PeerId> graftCandidates(String topic, Set<PeerId> exclude, long now) {
        Map<PeerId, Long> b = backoff.getOrDefault(topic, Map.of());
        List<PeerId> list = subscribersOf(topic);
        list.removeIf(p -> exclude.contains(p) || score.score(p) < 0 || b.getOrDefault(p, 0L) > now);
        return list;
    }

    private List<PeerId> publishCandidates(String topic, Set<PeerId> exclude) {
        List<PeerId> list = subscribersOf(topic);
        list.removeIf(p -> exclude.contains(p) || score.score(p) < config.score().publishThreshold());
        return list;
    }

    private List<PeerId> pick(List<PeerId> candidates, int n) {
        List<PeerId> copy = new ArrayList<>(candidates);
        Collections.shuffle(copy, random);
        return n <= 0 ? List.of() : copy.subList(0, Math.min(n, copy.size()));
    }

    // ---------------------------------------------------------------- queries (tests, diagnostics)

    public Set<PeerId> mesh(String topic) {
        return Set.copyOf(mesh.getOrDefault(topic, Set.of()));
    }

    public Set<PeerId> fanout(String topic) {
        return Set.copyOf(fanout.getOrDefault(topic, Set.of()));
    }

    /** Peers that told us they subscribe to {@code topic}. */
    public Set<PeerId> topicPeers(String topic) {
        return Set.copyOf(subscribersOf(topic));
    }

    public Set<PeerId> peers() {
        return Set.copyOf(peers.keySet());
    }

    public double score(PeerId peer) {
        return score.score(peer);
    }

    public boolean inBackoff(PeerId peer, String topic, long now) {
        return backoff.getOrDefault(topic, Map.of()).getOrDefault(peer, 0L) > now;
    }

    public Set<String> subscriptions() {
        return Set.copyOf(subscriptions);
    }
}
