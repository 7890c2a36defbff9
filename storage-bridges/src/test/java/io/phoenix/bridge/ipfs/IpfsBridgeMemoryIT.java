package io.phoenix.bridge.ipfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.phoenix.bridge.DagWalkLayout;
import io.phoenix.bridge.HeapMeter;
import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotLayout;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.bridge.SyntheticSnapshot;
import io.phoenix.protocol.spill.WorkDir;
import io.phoenix.protocol.multiformats.Cid;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily push of a snapshot of 300,000 blocks (a million with {@code -Dphoenix.memory.blocks}) to
 * an IPFS node that already holds all but one in 1,000 of them: the node's {@code refs/local} lists them all, the bridge must send exactly
 * the blocks it lacks, and the heap, counted while the listing streams in and while the snapshot
 * is walked, must not grow with either. The node is a small HTTP server on 127.0.0.1 speaking the
 * Kubo RPC calls the bridge uses, generating its listing from the synthetic snapshot (it holds
 * nothing per block either; what it is sent is kept only for the 1,000 missing blocks).
 */
class IpfsBridgeMemoryIT {
    static final int BLOCKS = Integer.getInteger("phoenix.memory.blocks", 300_000);
    static final int MISSING_EVERY = 1_000;
    static final long LIMIT = Long.getLong("phoenix.memory.limit", 8L << 20);
    static final int EVERY = BLOCKS / 5;

    @TempDir
    Path dir;
    SyntheticSnapshot synthetic;
    HttpServer server;
    ExecutorService threads;
    HeapMeter meter;
    final Set<Cid> put = ConcurrentHashMap.newKeySet();
    final AtomicLong listed = new AtomicLong();
    volatile boolean pinned;

    @BeforeEach
    void start() throws IOException {
        synthetic = new SyntheticSnapshot(dir.resolve("synthetic"), BLOCKS, 5);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        threads = Executors.newFixedThreadPool(8);
        server.setExecutor(threads);
        server.createContext("/api/v0/version", ex -> reply(ex, 200, "{\"Version\":\"0.30.0\",\"System\":\"amd64/linux\"}"));
        server.createContext("/api/v0/refs/local", this::refsLocal);
        server.createContext("/api/v0/block/put", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            byte[] data = multipartFile(body);
            Cid cid = Cid.ofRaw(data);
            put.add(cid);
            reply(ex, 200, "{\"Key\":\"" + cid + "\",\"Size\":" + data.length + "}");
        });
        server.createContext("/api/v0/block/get", ex -> {
            Cid cid = Cid.parse(arg(ex));
            if (!holds(cid)) {
                reply(ex, 500, "{\"Message\":\"block was not found locally (offline)\",\"Code\":0,\"Type\":\"error\"}");
                return;
            }
            byte[] data = synthetic.get(cid);
            ex.sendResponseHeaders(200, data.length);
            ex.getResponseBody().write(data);
            ex.close();
        });
        server.createContext("/api/v0/pin/ls", ex -> {
            if (pinned) reply(ex, 200, "{\"Keys\":{\"" + arg(ex) + "\":{\"Type\":\"recursive\"}}}");
            else reply(ex, 500, "{\"Message\":\"path '" + arg(ex) + "' is not pinned\",\"Code\":0,\"Type\":\"error\"}");
        });
        server.createContext("/api/v0/pin/add", ex -> {
            pinned = true;
            reply(ex, 200, "{\"Pins\":[\"" + arg(ex) + "\"]}");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** Every block but every 1,000th data block, the manifest and its pages; and whatever was put since. */
    boolean holds(Cid cid) throws IOException {
        Cid raw = Cid.v1(Cid.RAW, cid.multihash());
        if (put.contains(raw)) return true;
        return cid.codec() == Cid.RAW && synthetic.has(cid) && !missing(cid);
    }

    boolean missing(Cid cid) {
        // the missing ones are those at positions 0, 1000, 2000 … in CID order
        long lo = 0, hi = synthetic.dataBlocks() - 1;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            int c = synthetic.cidAt(mid).compareTo(cid);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid % MISSING_EVERY == 0;
        }
        return true;
    }

    void refsLocal(HttpExchange ex) throws IOException {
        ex.sendResponseHeaders(200, 0);
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(ex.getResponseBody(), StandardCharsets.UTF_8), 1 << 16)) {
            for (long k = 0; k < synthetic.dataBlocks(); k++) {
                if (k % MISSING_EVERY == 0) continue;
                out.write("{\"Ref\":\"" + synthetic.cidAt(k) + "\",\"Err\":\"\"}\n");
                if (listed.incrementAndGet() % EVERY == 0 && meter != null) meter.checkpoint();
            }
            for (Cid c : put) out.write("{\"Ref\":\"" + c + "\",\"Err\":\"\"}\n");
        }
    }

    static String arg(HttpExchange ex) {
        for (String kv : ex.getRequestURI().getRawQuery().split("&")) {
            if (kv.startsWith("arg=")) return URLDecoder.decode(kv.substring(4), StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("no arg in " + ex.getRequestURI());
    }

    /** The one file part of a multipart body. */
    static byte[] multipartFile(byte[] body) {
        byte[] sep = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        int start = indexOf(body, sep, 0) + sep.length;
        int end = indexOf(body, "\r\n--".getBytes(StandardCharsets.US_ASCII), start);
        return Arrays.copyOfRange(body, start, end);
    }

    static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = from; i <= in.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) if (in[i + j] != what[j]) continue outer;
            return i;
        }
        throw new IllegalArgumentException("malformed multipart body");
    }

    static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    /** The layout, taking a heap checkpoint every {@link #EVERY} blocks of the walk. */
    SnapshotLayout metered(SnapshotLayout inner) {
        AtomicLong walked = new AtomicLong();
        return (root, source, visitor) -> inner.forEachBlock(root, source, cid -> {
            if (walked.incrementAndGet() % EVERY == 0) meter.checkpoint();
            visitor.visit(cid);
        });
    }

    @Test
    void dailyPushToANodeHoldingAlmostEverythingSendsTheMissingOnesInBoundedMemory() throws Exception {
        URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (IpfsBridge bridge = new IpfsBridge(IpfsConfig.of(api), new DagWalkLayout(), new WorkDir(dir.resolve("tmp")))) {
            meter = new HeapMeter();
            long t0 = System.nanoTime();
            PushReport r = bridge.push(Snapshot.of(synthetic.root(), synthetic, metered(new DagWalkLayout())));
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("ipfs push of %d blocks, %d sent, against a listing of %d: %.1f s; %s%n",
                    r.blocksTotal(), r.blocksSent(), listed.get(), secs, meter);
            long pages = synthetic.blocks() - synthetic.dataBlocks() - 1;
            assertEquals(synthetic.blocks(), r.blocksTotal());
            assertEquals(BLOCKS / MISSING_EVERY + pages + 1, r.blocksSent()); // the missing data blocks, the pages, the manifest
            assertEquals(r.blocksSent(), put.size());
            assertEquals(SnapshotState.Status.COMPLETE, r.state().status(), r.state().toString());
            assertEquals(synthetic.blocks(), r.state().blocksPresent());
            assertTrue(meter.checkpoints() >= 8, meter.toString());
            assertTrue(meter.aboveBaseline() < LIMIT, "held " + meter.aboveBaseline() / 1024 + " KiB: " + meter);
        }
    }
}
