package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.testing.TestPeers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * A deterministic discrete-event simulation of the block exchange engines ({@link FetchScheduler}
 * on the fetching side, {@link ServeQueue} on the serving side) over a full mesh with per-node
 * upload bandwidth and a fixed one-way latency. Virtual time in milliseconds; seeded randomness.
 * Node 0 is the origin and holds everything.
 */
final class SwarmSimulation {
    record Setup(int nodes, int blocks, int blockBytes, double uploadBytesPerMilli, long latencyMillis, long seed,
            Set<Integer> corruptServers, Set<Integer> silentServers, FetchConfig config, IntUnaryOperator priority) {
        /** Blocks in priority classes of 50, in index order. */
        Setup(int nodes, int blocks, int blockBytes, double uploadBytesPerMilli, long latencyMillis, long seed,
                Set<Integer> corruptServers, Set<Integer> silentServers, FetchConfig config) {
            this(nodes, blocks, blockBytes, uploadBytesPerMilli, latencyMillis, seed, corruptServers, silentServers, config, i -> i / 50);
        }
    }

    final class Node {
        final int index;
        final PeerId id;
        final Set<Cid> held = new HashSet<>();
        final FetchScheduler scheduler;
        final ServeQueue<PeerId> serve = new ServeQueue<>(ExchangeLimits.MAX_OUTSTANDING_PER_PEER, new UploadCounts(1 << 16), ServeQueue.MAX_HOLD_NANOS);
        final Set<Node> connected = new HashSet<>();
        boolean linkBusy;
        boolean wakeScheduled;
        long uploadedBytes;
        long completedAt = -1;
        long pollAt = Long.MAX_VALUE;
        /** Most wanted blocks the scheduler held live at once. */
        int maxLive;
        /** Next entry of the index to pull into the scheduler's window (as the binding pulls from its WantSource). */
        int nextWant;

        Node(int index) {
            this.index = index;
            this.id = TestPeers.peer(1000 + index);
            this.scheduler = new FetchScheduler(setup.config(), new Random(setup.seed() * 31 + index));
        }

        boolean fetching() {
            return index != 0;
        }
    }

    private record Event(long at, long seq, Runnable action) {}

    final Setup setup;
    final List<Node> nodes = new ArrayList<>();
    final List<Cid> cids = new ArrayList<>();
    final Map<Cid, byte[]> data = new HashMap<>();
    final Map<Cid, Integer> positionOf = new HashMap<>();
    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long seq;
    long now;

    SwarmSimulation(Setup setup) {
        this.setup = setup;
        Random r = new Random(setup.seed());
        for (int i = 0; i < setup.blocks(); i++) {
            byte[] b = new byte[setup.blockBytes()];
            r.nextBytes(b);
            Cid c = Cid.ofRaw(b);
            positionOf.putIfAbsent(c, cids.size());
            cids.add(c);
            data.put(c, b);
        }
        for (int i = 0; i < setup.nodes(); i++) nodes.add(new Node(i));
        nodes.get(0).held.addAll(cids);
        nodes.get(0).completedAt = 0;
    }

    long snapshotBytes() {
        return (long) setup.blocks() * setup.blockBytes();
    }

    Node origin() {
        return nodes.get(0);
    }

    /** Runs until every fetching node is complete (or has nothing left to do) or {@code limitMillis}. */
    void run(long limitMillis) {
        for (Node n : nodes) {
            for (Node m : nodes) if (m != n) n.connected.add(m);
            if (n.fetching()) {
                n.scheduler.index(cids.size(), PositionSet.inHeap()); // as the binding does: peers' holdings over the whole index
                fill(n);
                for (Node m : nodes) if (m != n) n.scheduler.peerConnected(m.id);
            }
        }
        for (Node n : nodes) {
            if (!n.fetching()) continue;
            Node o = origin();
            at(setup.latencyMillis(), () -> {
                n.scheduler.peerComplete(o.id); // the origin's Holdings: complete
                pump(n);
            });
        }
        while (!events.isEmpty()) {
            Event e = events.poll();
            if (e.at > limitMillis) break;
            now = e.at;
            e.action.run();
        }
    }

    private void at(long delay, Runnable r) {
        events.add(new Event(now + delay, seq++, r));
    }

    /** Pulls wanted blocks in index order into the window while it has room, skipping what is held (as FetchSession does). */
    private void fill(Node n) {
        while (n.scheduler.room() > 0 && n.nextWant < cids.size()) {
            int i = n.nextWant++;
            Cid c = cids.get(i);
            if (n.held.contains(c)) continue;
            n.scheduler.want(new Wanted(c, i, setup.priority().applyAsInt(i), setup.blockBytes()));
            n.maxLive = Math.max(n.maxLive, n.scheduler.remaining());
        }
    }

    boolean complete(Node n) {
        return n.scheduler.isComplete() && n.nextWant >= cids.size();
    }

    private void pump(Node n) {
        if (!n.fetching()) return;
        fill(n);
        for (FetchAction a : n.scheduler.poll(now)) {
            Node to = node(a.peer());
            switch (a) {
                case FetchAction.Want w -> at(setup.latencyMillis(), () -> onWant(to, n, w.cids()));
                case FetchAction.Cancel c -> at(setup.latencyMillis(), () -> to.serve.cancel(n.id, c.cids(), now * 1_000_000));
                case FetchAction.Disconnect d -> disconnect(n, to);
            }
        }
        long deadline = n.scheduler.nextDeadline();
        if (deadline != Long.MAX_VALUE && deadline < n.pollAt) {
            n.pollAt = deadline;
            at(deadline - now + 1, () -> {
                n.pollAt = Long.MAX_VALUE;
                pump(n);
            });
        }
    }

    private void disconnect(Node a, Node b) {
        if (!a.connected.remove(b)) return;
        b.connected.remove(a);
        a.serve.clientGone(b.id);
        b.serve.clientGone(a.id);
        if (b.fetching()) {
            b.scheduler.peerDisconnected(a.id);
            pump(b);
        }
        if (a.fetching()) a.scheduler.peerDisconnected(b.id);
    }

    private void onWant(Node server, Node client, List<Cid> wanted) {
        if (!server.connected.contains(client)) return;
        List<Cid> missing = new ArrayList<>();
        List<Cid> present = new ArrayList<>();
        for (Cid c : wanted) (server.held.contains(c) ? present : missing).add(c);
        if (setup.silentServers().contains(server.index)) return; // accepts requests, never answers
        if (!present.isEmpty()) server.serve.enqueue(client.id, present);
        if (!missing.isEmpty()) {
            at(setup.latencyMillis(), () -> {
                client.scheduler.dontHave(server.id, missing);
                pump(client);
            });
        }
        startLink(server);
    }

    private void startLink(Node server) {
        if (server.linkBusy) return;
        var job = server.serve.next(now * 1_000_000, c -> true);
        if (job.isEmpty()) {
            long eligible = server.serve.nextEligibleNanos(now * 1_000_000, c -> true);
            if (eligible != Long.MAX_VALUE && !server.wakeScheduled) { // duplicates held back: look again when the hold ends
                server.wakeScheduled = true;
                at(Math.max(1, (eligible + 999_999) / 1_000_000 - now), () -> {
                    server.wakeScheduled = false;
                    startLink(server);
                });
            }
            return;
        }
        Node client = node(job.get().client());
        Cid cid = job.get().cid();
        server.linkBusy = true;
        server.serve.uploaded(cid, setup.blockBytes(), now * 1_000_000); // counted when picked, as Uploader does
        long duration = (long) Math.ceil(setup.blockBytes() / setup.uploadBytesPerMilli());
        at(duration, () -> {
            server.linkBusy = false;
            server.uploadedBytes += setup.blockBytes();
            byte[] bytes = data.get(cid);
            if (setup.corruptServers().contains(server.index)) {
                bytes = bytes.clone();
                bytes[bytes.length / 2] ^= 1;
            }
            byte[] sent = bytes;
            at(setup.latencyMillis(), () -> onBlock(client, server, cid, sent));
            startLink(server);
        });
    }

    private void onBlock(Node client, Node server, Cid cid, byte[] bytes) {
        if (!client.connected.contains(server) || !client.fetching()) return;
        Arrival a = client.scheduler.onBlock(server.id, cid, bytes, now);
        if (a == Arrival.ACCEPTED) {
            client.held.add(cid);
            for (Node other : client.connected) {
                if (!other.fetching()) continue;
                at(setup.latencyMillis(), () -> {
                    if (!other.connected.contains(client)) return;
                    other.scheduler.peerHas(client.id, positionOf.get(cid)); // a Have names the index position
                    pump(other);
                });
            }
            fill(client);
            if (complete(client) && client.completedAt < 0) client.completedAt = now;
        }
        pump(client);
    }

    Node node(PeerId id) {
        for (Node n : nodes) if (n.id.equals(id)) return n;
        throw new IllegalArgumentException("unknown " + id);
    }
}
