package io.phoenix.gossip.router;

import com.google.protobuf.ByteString;
import io.phoenix.gossip.proto.RpcProto.Message;
import io.phoenix.protocol.p2p.PeerId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The gossipsub message cache: the last {@code historyLength} heartbeat windows of accepted
 * messages, served to IWANT; ids from the newest {@code historyGossip} windows are advertised in
 * IHAVE. Each message is served to one peer at most {@link #MAX_RETRANSMISSIONS} times.
 */
final class MessageCache {
    static final int MAX_RETRANSMISSIONS = 3;

    private record Entry(ByteString id, String topic) {}

    private final int historyLength;
    private final int historyGossip;
    private final ArrayDeque<List<Entry>> windows = new ArrayDeque<>();
    private final Map<ByteString, Message> messages = new HashMap<>();
    private final Map<ByteString, Map<PeerId, Integer>> served = new HashMap<>();

    MessageCache(int historyLength, int historyGossip) {
        this.historyLength = historyLength;
        this.historyGossip = historyGossip;
        windows.addFirst(new ArrayList<>());
    }

    void put(ByteString id, Message message) {
        if (messages.putIfAbsent(id, message) == null) windows.peekFirst().add(new Entry(id, message.getTopic()));
    }

    boolean contains(ByteString id) {
        return messages.containsKey(id);
    }

    /** The message for an IWANT of {@code peer}, or null when unknown or already served too often. */
    Message getForPeer(ByteString id, PeerId peer) {
        Message m = messages.get(id);
        if (m == null) return null;
        int count = served.computeIfAbsent(id, k -> new HashMap<>()).merge(peer, 1, Integer::sum);
        return count > MAX_RETRANSMISSIONS ? null : m;
    }

    List<ByteString> gossipIds(String topic) {
        List<ByteString> ids = new ArrayList<>();
        Iterator<List<Entry>> it = windows.iterator();
        for (int i = 0; i < historyGossip && it.hasNext(); i++) {
            for (Entry e : it.next()) if (e.topic().equals(topic)) ids.add(e.id());
        }
        return ids;
    }

    void shift() {
        windows.addFirst(new ArrayList<>());
        while (windows.size() > historyLength) {
            for (Entry e : windows.removeLast()) {
                messages.remove(e.id());
                served.remove(e.id());
            }
        }
    }

    int size() {
        return messages.size();
    }
}
