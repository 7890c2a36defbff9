package io.phoenix.gossip.router;

import io.phoenix.gossip.proto.RpcProto.ControlGraft;
import io.phoenix.gossip.proto.RpcProto.ControlIHave;
import io.phoenix.gossip.proto.RpcProto.ControlIWant;
import io.phoenix.gossip.proto.RpcProto.ControlPrune;
import io.phoenix.gossip.proto.RpcProto.Message;
import io.phoenix.gossip.proto.RpcProto.RPC;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.pubsub.PubSubMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects the effects of one router call, merging everything for one peer into one RPC. */
final class Outbox {
    private final Map<PeerId, RPC.Builder> sends = new LinkedHashMap<>();
    private final List<PubSubMessage> deliveries = new ArrayList<>();
    private final List<PubSubMessage> validations = new ArrayList<>();

    private RPC.Builder rpc(PeerId peer) {
        return sends.computeIfAbsent(peer, p -> RPC.newBuilder());
    }

    void subscription(PeerId peer, String topic, boolean subscribe) {
        rpc(peer).addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(subscribe).setTopicid(topic));
    }

    void message(PeerId peer, Message message) {
        rpc(peer).addPublish(message);
    }

    void graft(PeerId peer, String topic) {
        rpc(peer).getControlBuilder().addGraft(ControlGraft.newBuilder().setTopicID(topic));
    }

    void prune(PeerId peer, String topic, long backoffSeconds) {
        rpc(peer).getControlBuilder().addPrune(ControlPrune.newBuilder().setTopicID(topic).setBackoff(backoffSeconds));
    }

    void ihave(PeerId peer, ControlIHave ihave) {
        rpc(peer).getControlBuilder().addIhave(ihave);
    }

    void iwant(PeerId peer, ControlIWant iwant) {
        rpc(peer).getControlBuilder().addIwant(iwant);
    }

    void deliver(PubSubMessage m) {
        deliveries.add(m);
    }

    void validate(PubSubMessage m) {
        validations.add(m);
    }

    Effects drain() {
        if (sends.isEmpty() && deliveries.isEmpty() && validations.isEmpty()) return Effects.NONE;
        Map<PeerId, RPC> built = new LinkedHashMap<>();
        sends.forEach((p, b) -> built.put(p, b.build()));
        Effects e = new Effects(Map.copyOf(built), List.copyOf(deliveries), List.copyOf(validations));
        sends.clear();
        deliveries.clear();
        validations.clear();
        return e;
    }
}
