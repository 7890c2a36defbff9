package io.phoenix.swarm.exchange;

import io.phoenix.protocol.exchange.ExchangeCodec;
import io.phoenix.protocol.exchange.ExchangeLimits;
import io.phoenix.protocol.exchange.Frames;
import io.phoenix.protocol.exchange.LocalHoldings;
import io.phoenix.protocol.exchange.ProtocolViolationException;
import io.phoenix.protocol.exchange.pb.ExchangeFrame;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.CorruptBlockException;
import io.phoenix.protocol.swarm.GateDecision;
import io.phoenix.protocol.swarm.SwarmId;
import io.phoenix.protocol.time.Monitor;
import io.phoenix.protocol.time.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves one inbound {@code /phoenix/blocks/1.0.0} stream: this thread reads the client's frames
 * and queues its Wants in the node's {@link Uploader}; a sender thread writes everything (Hello,
 * Holdings, Have, DontHave at once; Blocks when the uploader hands them over, in its order and
 * within the node's bandwidth limits). Holdings are read from {@link LocalHoldings} one window at a
 * time as they are sent, and positions acquired are queued as Haves up to
 * {@link #MAX_QUEUED_HAVES} per snapshot (beyond that the Holdings are sent again instead), so
 * what a slow client has not read yet stays bounded.
 */
final class ServerSession implements LocalHoldings.Listener, Uploader.Client {
    private static final System.Logger LOG = System.getLogger(BlockExchange.class.getName());

    private record Handed(Cid cid, long reserved, long pickedAtNanos) {}

    /** A control item: a ready frame, or the Holdings of a snapshot, read window by window when sent. */
    private record HoldingsOf(Cid manifest) {}

    /** Most Have positions queued for one snapshot; past it the client gets the Holdings again. */
    static final int MAX_QUEUED_HAVES = ExchangeLimits.MAX_HAVE_INDICES;

    private final BlockExchange exchange;
    private final Stream stream;
    private final PeerId peer;
    private final Uploader uploader;
    private final Set<Cid> interests = new HashSet<>();
    private final ArrayDeque<Object> control = new ArrayDeque<>();
    private final Map<Cid, List<Long>> haves = new LinkedHashMap<>();
    private final ArrayDeque<Handed> outbox = new ArrayDeque<>();
    /** Guards {@link #interests}, {@link #control}, {@link #haves}, {@link #outbox} and {@link #closed}; the sender waits on it. */
    private final Monitor monitor;
    private boolean closed;

    ServerSession(BlockExchange exchange, Stream stream) {
        this.exchange = exchange;
        this.monitor = exchange.scheduler.newMonitor();
        this.stream = stream;
        this.peer = stream.remotePeer();
        this.uploader = exchange.uploader;
    }

    @Override
    public PeerId peer() {
        return peer;
    }

    @Override
    public void deliver(Cid cid, long reservedBytes) {
        monitor.lock();
        try {
            outbox.add(new Handed(cid, reservedBytes, exchange.nanos()));
            monitor.signalAll();
        } finally {
            monitor.unlock();
        }
    }

    void run() throws IOException, InterruptedException {
        InputStream in = stream.input();
        byte[] first = Frames.read(in, ExchangeLimits.MAX_FRAME_BYTES);
        if (first == null) return;
        ExchangeFrame hello = ExchangeCodec.decode(first);
        if (!hello.hasHello()) throw new ProtocolViolationException("first exchange frame from " + peer + " is not Hello");
        GateDecision gate = exchange.gate.check(peer, SwarmId.fromBytes(hello.getHello().getSwarmId().toByteArray()));
        if (!gate.accepted()) {
            LOG.log(System.Logger.Level.WARNING, gate.reason());
            stream.reset();
            return;
        }
        sendControl(ExchangeCodec.hello(exchange.gate.swarmId()));
        exchange.holdings.addListener(this);
        Task sender = exchange.scheduler.start("exchange-serve-" + peer, this::sendLoop);
        try {
            for (byte[] f; (f = Frames.read(in, ExchangeLimits.MAX_FRAME_BYTES)) != null; ) handle(ExchangeCodec.decode(f));
        } finally {
            exchange.holdings.removeListener(this);
            uploader.gone(this);
            monitor.lock();
            try {
                closed = true;
                monitor.signalAll();
            } finally {
                monitor.unlock();
            }
            sender.join();
        }
    }

    private void handle(ExchangeFrame f) {
        switch (f.getBodyCase()) {
            case INTEREST -> {
                for (var m : f.getInterest().getManifestsList()) {
                    Cid manifest = ExchangeCodec.cid(m);
                    monitor.lock();
                    try {
                        // the Holdings are read when sent, after the subscription: every position
                        // acquired from now on is in them or in a Have (or both)
                        interests.add(manifest);
                        resendHoldings(manifest);
                        monitor.signalAll();
                    } finally {
                        monitor.unlock();
                    }
                }
            }
            case WANT -> {
                List<Cid> cids = ExchangeCodec.cids("Want", f.getWant().getCidsList());
                List<Cid> present = new ArrayList<>();
                List<Cid> missing = new ArrayList<>();
                for (Cid c : cids) {
                    boolean has;
                    try {
                        has = exchange.store.has(c);
                    } catch (IOException e) {
                        has = false;
                    }
                    (has ? present : missing).add(c);
                }
                if (!present.isEmpty()) uploader.enqueue(this, present); // never under our lock: the uploader calls deliver()
                if (!missing.isEmpty()) sendControl(ExchangeCodec.dontHave(missing));
            }
            case CANCEL -> uploader.cancel(this, ExchangeCodec.cids("Cancel", f.getCancel().getCidsList()));
            default -> throw new ProtocolViolationException("unexpected " + f.getBodyCase() + " frame from client " + peer);
        }
    }

    @Override
    public void acquired(Cid manifest, long index) {
        monitor.lock();
        try {
            if (!interests.contains(manifest)) return;
            List<Long> queued = haves.computeIfAbsent(manifest, k -> new ArrayList<>());
            if (queued.size() >= MAX_QUEUED_HAVES) {
                resendHoldings(manifest); // the client reads slowly: one bitmap instead of a growing list
            } else {
                queued.add(index);
            }
            monitor.signalAll();
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public void completed(Cid manifest) {
        monitor.lock();
        try {
            if (!interests.contains(manifest)) return;
            resendHoldings(manifest); // now a complete frame: the client may use this node as a seed
            monitor.signalAll();
        } finally {
            monitor.unlock();
        }
    }

    /** Replaces what is queued for {@code manifest} by its Holdings (the lock held). */
    private void resendHoldings(Cid manifest) {
        haves.remove(manifest);
        HoldingsOf job = new HoldingsOf(manifest);
        if (!control.contains(job)) control.add(job);
    }

    private void sendControl(byte[] frame) {
        monitor.lock();
        try {
            control.add(frame);
            monitor.signalAll();
        } finally {
            monitor.unlock();
        }
    }

    private void sendLoop() {
        OutputStream out = stream.output();
        List<Handed> jobs = new ArrayList<>();
        try {
            while (true) {
                List<Object> frames = new ArrayList<>();
                monitor.lock();
                try {
                    while (!closed && control.isEmpty() && haves.isEmpty() && outbox.isEmpty()) monitor.await();
                    if (closed) return;
                    // control frames (Have, DontHave) never wait behind blocks
                    frames.addAll(control);
                    control.clear();
                    for (var h : haves.entrySet()) {
                        List<Long> idx = h.getValue();
                        for (int i = 0; i < idx.size(); i += ExchangeLimits.MAX_HAVE_INDICES) {
                            frames.add(ExchangeCodec.have(h.getKey(), idx.subList(i, Math.min(idx.size(), i + ExchangeLimits.MAX_HAVE_INDICES))));
                        }
                    }
                    haves.clear();
                    jobs.addAll(outbox);
                    outbox.clear();
                } finally {
                    monitor.unlock();
                }
                for (Object f : frames) {
                    if (f instanceof HoldingsOf h) {
                        byte[] w;
                        for (long i = 0; (w = exchange.holdings.holdingsFrame(h.manifest(), i)) != null; i++) Frames.write(out, w);
                    } else {
                        Frames.write(out, (byte[]) f);
                    }
                }
                if (!jobs.isEmpty()) sendBlocks(out, jobs);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "exchange: serving " + peer + " ended: " + e);
            stream.reset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.reset();
        } finally {
            for (Handed h : jobs) uploader.sent(this, h.cid(), h.reserved(), 0);
            List<Handed> left;
            monitor.lock();
            try {
                left = List.copyOf(outbox);
                outbox.clear();
            } finally {
                monitor.unlock();
            }
            for (Handed h : left) uploader.sent(this, h.cid(), h.reserved(), 0);
        }
    }

    /** Sends the handed blocks (batched into frames within the frame limits) and tells the uploader about each; empties {@code jobs}. */
    private void sendBlocks(OutputStream out, List<Handed> jobs) throws IOException {
        List<Handed> batch = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        List<Cid> missing = new ArrayList<>();
        long bytes = 0;
        while (!jobs.isEmpty()) {
            Handed j = jobs.removeFirst();
            byte[] b;
            try {
                b = exchange.store.get(j.cid());
            } catch (BlockNotFoundException | CorruptBlockException e) {
                missing.add(j.cid());
                uploader.sent(this, j.cid(), j.reserved(), 0);
                continue;
            }
            if (!batch.isEmpty() && (bytes + b.length > ExchangeLimits.MAX_BLOCK_DATA_PER_FRAME || batch.size() == ExchangeLimits.MAX_BLOCKS_PER_FRAME)) {
                flushBlocks(out, batch, data, bytes);
                bytes = 0;
            }
            batch.add(j);
            data.add(b);
            bytes += b.length;
        }
        if (!batch.isEmpty()) flushBlocks(out, batch, data, bytes);
        if (!missing.isEmpty()) Frames.write(out, ExchangeCodec.dontHave(missing));
    }

    private void flushBlocks(OutputStream out, List<Handed> batch, List<byte[]> data, long bytes) throws IOException {
        List<Cid> cids = batch.stream().map(Handed::cid).toList();
        try {
            Frames.write(out, ExchangeCodec.blocks(cids, data));
            exchange.countUpload(cids.size(), bytes);
            if (LOG.isLoggable(System.Logger.Level.TRACE)) {
                // what the origin sends to whom and when: the data behind docs/testnet.md "Benchmark"
                for (Handed h : batch) {
                    LOG.log(System.Logger.Level.TRACE, "exchange: sent " + h.cid() + " to " + peer + " (upload #" + exchange.uploads.count(h.cid())
                            + " of it, picked " + (exchange.nanos() - h.pickedAtNanos()) / 1_000_000 + " ms ago, duplicate hold " + uploader.holdMillis() + " ms)");
                }
            }
        } finally {
            for (int i = 0; i < batch.size(); i++) uploader.sent(this, batch.get(i).cid(), batch.get(i).reserved(), data.get(i).length);
            batch.clear();
            data.clear();
        }
    }
}
