package io.phoenix.protocol.exchange;

import io.phoenix.protocol.exchange.pb.ExchangeFrame;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.CorruptBlockException;
import io.phoenix.protocol.swarm.GateDecision;
import io.phoenix.protocol.swarm.SwarmId;
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
 * Serves one inbound {@code /phoenix/blocks/1.0.0} stream: this thread reads the client's frames;
 * a sender thread writes everything (Hello, Holdings, Have, Blocks, DontHave), blocks in
 * {@link ServeQueue} order and within the node's bandwidth limits.
 */
final class ServerSession implements LocalHoldings.Listener {
    private static final System.Logger LOG = System.getLogger(BlockExchange.class.getName());

    private final BlockExchange exchange;
    private final Stream stream;
    private final PeerId peer;
    private final ServeQueue queue;
    private final Set<Cid> interests = new HashSet<>();
    private final ArrayDeque<byte[]> control = new ArrayDeque<>();
    private final Map<Cid, List<Long>> haves = new LinkedHashMap<>();
    private boolean closed;

    ServerSession(BlockExchange exchange, Stream stream) {
        this.exchange = exchange;
        this.stream = stream;
        this.peer = stream.remotePeer();
        this.queue = new ServeQueue(ExchangeLimits.MAX_OUTSTANDING_PER_PEER, exchange.uploads);
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
        Thread sender = Thread.ofVirtual().name("exchange-serve-" + peer).start(this::sendLoop);
        try {
            for (byte[] f; (f = Frames.read(in, ExchangeLimits.MAX_FRAME_BYTES)) != null; ) handle(ExchangeCodec.decode(f));
        } finally {
            exchange.holdings.removeListener(this);
            synchronized (this) {
                closed = true;
                notifyAll();
            }
            sender.join();
        }
    }

    private void handle(ExchangeFrame f) {
        switch (f.getBodyCase()) {
            case INTEREST -> {
                for (var m : f.getInterest().getManifestsList()) {
                    Cid manifest = ExchangeCodec.cid(m);
                    LocalHoldings.View v;
                    synchronized (this) {
                        interests.add(manifest);
                        // taken under our lock so that no Have for this manifest is queued before it
                        v = exchange.holdings.view(manifest);
                        for (byte[] h : ExchangeCodec.holdings(manifest, v.total(), v.complete(), v.held())) control.add(h);
                        haves.remove(manifest);
                        notifyAll();
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
                synchronized (this) {
                    queue.enqueue(peer, present);
                    if (!missing.isEmpty()) control.add(ExchangeCodec.dontHave(missing));
                    notifyAll();
                }
            }
            case CANCEL -> {
                List<Cid> cids = ExchangeCodec.cids("Cancel", f.getCancel().getCidsList());
                synchronized (this) {
                    queue.cancel(peer, cids);
                }
            }
            default -> throw new ProtocolViolationException("unexpected " + f.getBodyCase() + " frame from client " + peer);
        }
    }

    @Override
    public void acquired(Cid manifest, long index) {
        synchronized (this) {
            if (!interests.contains(manifest)) return;
            haves.computeIfAbsent(manifest, k -> new ArrayList<>()).add(index);
            notifyAll();
        }
    }

    private synchronized void sendControl(byte[] frame) {
        control.add(frame);
        notifyAll();
    }

    private void sendLoop() {
        OutputStream out = stream.output();
        int batch = exchange.throttled() ? 1 : 16;
        try {
            while (true) {
                List<byte[]> frames = new ArrayList<>();
                List<ServeQueue.Job> jobs = new ArrayList<>();
                synchronized (this) {
                    while (!closed && control.isEmpty() && haves.isEmpty() && queue.isEmpty()) wait();
                    if (closed) return;
                    frames.addAll(control);
                    control.clear();
                    for (var h : haves.entrySet()) {
                        List<Long> idx = h.getValue();
                        for (int i = 0; i < idx.size(); i += ExchangeLimits.MAX_HAVE_INDICES) {
                            frames.add(ExchangeCodec.have(h.getKey(), idx.subList(i, Math.min(idx.size(), i + ExchangeLimits.MAX_HAVE_INDICES))));
                        }
                    }
                    haves.clear();
                    if (frames.isEmpty() && !queue.isEmpty()) {
                        // blocks are picked only when they can go out now, so that a Cancel or a
                        // better-ranked request arriving meanwhile still counts; control frames
                        // (Have, DontHave) never wait behind the bandwidth limit
                        long delay = exchange.uploadDelayNanos(peer);
                        if (delay > 0) {
                            wait(Math.max(1, delay / 1_000_000), 0);
                            continue;
                        }
                        for (int i = 0; i < batch; i++) {
                            var job = queue.next();
                            if (job.isEmpty()) break;
                            jobs.add(job.get());
                        }
                    }
                }
                for (byte[] f : frames) Frames.write(out, f);
                if (!jobs.isEmpty()) sendBlocks(out, jobs);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "exchange: serving " + peer + " ended: " + e);
            stream.reset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.reset();
        }
    }

    private void sendBlocks(OutputStream out, List<ServeQueue.Job> jobs) throws IOException {
        List<Cid> cids = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        List<Cid> missing = new ArrayList<>();
        long bytes = 0;
        for (ServeQueue.Job j : jobs) {
            byte[] b;
            try {
                b = exchange.store.get(j.cid());
            } catch (BlockNotFoundException | CorruptBlockException e) {
                missing.add(j.cid());
                continue;
            }
            if (bytes + b.length > ExchangeLimits.MAX_BLOCK_DATA_PER_FRAME && !cids.isEmpty()) {
                flushBlocks(out, cids, data, bytes);
                cids = new ArrayList<>();
                data = new ArrayList<>();
                bytes = 0;
            }
            cids.add(j.cid());
            data.add(b);
            bytes += b.length;
        }
        if (!cids.isEmpty()) flushBlocks(out, cids, data, bytes);
        if (!missing.isEmpty()) Frames.write(out, ExchangeCodec.dontHave(missing));
    }

    private void flushBlocks(OutputStream out, List<Cid> cids, List<byte[]> data, long bytes) throws IOException {
        exchange.takeUpload(peer, bytes);
        for (Cid c : cids) queue.uploaded(c);
        Frames.write(out, ExchangeCodec.blocks(cids, data));
        exchange.countUpload(cids.size(), bytes);
    }
}
