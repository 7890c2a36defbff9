package io.phoenix.node.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.phoenix.node.replication.SwarmState;
import io.phoenix.node.snapshot.SnapshotOutcome;
import io.phoenix.protocol.exchange.LocalHoldings;
import io.phoenix.protocol.json.Json;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import io.phoenix.protocol.swarm.Site;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The local control API: HTTP on 127.0.0.1 only, every request authenticated by
 * {@code Authorization: Bearer <token>}; the token and URL are written to
 * {@code <home>/control.json} (mode 0600) so only the home's owner can read them. JSON responses.
 * Endpoints (docs/daemon.md): {@code GET /v1/status}, {@code GET /v1/swarm/latest},
 * {@code GET /v1/swarm/status}, {@code GET /v1/bridges}, {@code POST /v1/snapshot}.
 */
public final class ControlServer implements AutoCloseable {
    public static final String FILE = "control.json";
    /** A site not heard from for this long is shown as unreachable. */
    static final long UNREACHABLE_MILLIS = 120_000;
    /** How many of the newest snapshots the status shows. */
    static final int RECENT = 10;

    private final Daemon daemon;
    private final HttpServer server;
    private final byte[] token;
    private final Path file;

    private ControlServer(Daemon daemon, HttpServer server, byte[] token, Path file) {
        this.daemon = daemon;
        this.server = server;
        this.token = token;
        this.file = file;
    }

    public static ControlServer start(Daemon daemon, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        byte[] t = new byte[32];
        new SecureRandom().nextBytes(t);
        Path file = daemon.home().directory().resolve(FILE);
        ControlServer cs = new ControlServer(daemon, server, HexFormat.of().formatHex(t).getBytes(StandardCharsets.US_ASCII), file);
        server.createContext("/v1/", cs::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        Map<String, Object> info = Json.object();
        info.put("url", cs.url());
        info.put("token", new String(cs.token, StandardCharsets.US_ASCII));
        info.put("pid", ProcessHandle.current().pid());
        info.put("peer", daemon.host().peerId().toString());
        NodeKeysFiles.writePrivate(file, Json.write(info).getBytes(StandardCharsets.UTF_8));
        return cs;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            byte[] given = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim().getBytes(StandardCharsets.US_ASCII) : new byte[0];
            if (!MessageDigest.isEqual(given, token)) {
                reply(ex, 401, error("missing or wrong control token (read it from " + file + ")"));
                return;
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            try {
                switch (method + " " + path) {
                    case "GET /v1/status" -> reply(ex, 200, status());
                    case "GET /v1/swarm/latest" -> reply(ex, 200, latest());
                    case "GET /v1/swarm/status" -> reply(ex, 200, matrix());
                    case "GET /v1/bridges" -> reply(ex, 200, bridgesOnly());
                    case "POST /v1/snapshot" -> reply(ex, 200, snapshot());
                    default -> reply(ex, 404, error("no such endpoint: " + method + " " + path));
                }
            } catch (IllegalStateException e) {
                reply(ex, 409, error(e.getMessage()));
            } catch (IOException | RuntimeException e) {
                reply(ex, 500, error(e.toString()));
            }
        }
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> m = Json.object();
        m.put("error", message);
        return m;
    }

    private static void reply(HttpExchange ex, int code, Object body) throws IOException {
        byte[] b = Json.write(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    private Map<String, Object> status() {
        Map<String, Object> m = Json.object();
        m.put("peer", daemon.host().peerId().toString());
        m.put("site", daemon.self().name());
        m.put("role", daemon.self().role().label());
        m.put("swarm", daemon.definition().name());
        m.put("swarm_id", daemon.swarmId().toString());
        List<Object> addrs = Json.array();
        for (Multiaddr a : daemon.host().listenAddresses()) addrs.add(a.toString());
        m.put("listen", addrs);
        List<Object> peers = Json.array();
        for (var p : daemon.host().connectedPeers()) peers.add(p.toString());
        m.put("connected", peers);
        List<Object> banned = Json.array();
        for (Site s : daemon.definition().sites()) if (daemon.exchange().isBanned(s.peerId())) banned.add(s.name());
        m.put("banned", banned);
        m.put("uploaded_bytes", daemon.exchange().uploadedBytes());
        m.put("uploaded_blocks", daemon.exchange().uploadedBlocks());
        List<Object> snaps = Json.array();
        for (SwarmState.Known k : daemon.state().newestFirst()) {
            Map<String, Object> s = Json.object();
            s.put("id", k.cid().toString());
            s.put("sequence", k.sequence());
            LocalHoldings.View v = daemon.holding(k.cid());
            s.put("held", v.held());
            s.put("total", v.total());
            s.put("complete", v.complete() && v.total() > 0);
            var f = daemon.state().fetched(k.cid());
            if (f.isPresent()) {
                s.put("fetched_blocks", f.get().blocks());
                s.put("fetched_bytes", f.get().bytes());
                s.put("bad_blocks", f.get().badBlocks());
            }
            snaps.add(s);
        }
        m.put("snapshots", snaps);
        return m;
    }

    private Map<String, Object> latest() {
        var l = daemon.state().latest();
        if (l.isEmpty()) return error("no snapshot known in the swarm yet");
        Cid cid = l.get().getKey();
        SignedManifest sm = l.get().getValue();
        Map<String, Object> m = Json.object();
        m.put("id", cid.toString());
        m.put("sequence", sm.manifest().sequence());
        m.put("time", sm.manifest().time().toString());
        m.put("author", sm.manifest().author().peerId().toString());
        daemon.definition().site(sm.manifest().author().peerId()).ifPresent(s -> m.put("author_site", s.name()));
        m.put("bytes", sm.manifest().totals().bytes());
        m.put("files", sm.manifest().totals().files());
        m.put("blocks", sm.manifest().totals().blocks());
        List<Object> holders = Json.array();
        for (ReplicationReceipt r : daemon.state().receipts(cid).values()) {
            Map<String, Object> h = Json.object();
            h.put("site", daemon.definition().site(r.site()).map(Site::name).orElse(r.site().toString()));
            h.put("peer", r.site().toString());
            h.put("verified_at", Instant.ofEpochMilli(r.verifiedAtMillis()).toString());
            holders.add(h);
        }
        m.put("held_verified_by", holders);
        return m;
    }

    private Map<String, Object> matrix() {
        Map<String, Object> m = Json.object();
        List<Object> sites = Json.array();
        long now = daemon.scheduler().clock().millis();
        Set<PeerId> connected = daemon.host().connectedPeers();
        for (Site s : daemon.definition().sites()) {
            Map<String, Object> o = Json.object();
            o.put("site", s.name());
            o.put("peer", s.peerId().toString());
            o.put("role", s.role().label());
            boolean me = s.peerId().equals(daemon.host().peerId());
            var seen = daemon.state().lastSeen(s.peerId());
            o.put("last_seen", me ? Instant.ofEpochMilli(now).toString() : seen.map(Instant::toString).orElse(null));
            boolean reachable = me || connected.contains(s.peerId())
                    || seen.map(t -> now - t.toEpochMilli() < UNREACHABLE_MILLIS).orElse(false);
            o.put("reachable", reachable);
            sites.add(o);
        }
        m.put("sites", sites);
        List<Object> rows = Json.array();
        for (SwarmState.Known k : daemon.state().newestFirst(RECENT)) {
            Map<String, Object> row = Json.object();
            row.put("id", k.cid().toString());
            row.put("sequence", k.sequence());
            row.put("time", Instant.ofEpochMilli(k.timeMillis()).toString());
            Map<PeerId, ReplicationReceipt> rs = daemon.state().receipts(k.cid());
            Map<String, Object> cells = Json.object();
            for (Site s : daemon.definition().sites()) {
                boolean me = s.peerId().equals(daemon.host().peerId());
                String cell;
                if (rs.containsKey(s.peerId())) {
                    cell = "complete";
                } else if (me) {
                    LocalHoldings.View v = daemon.holding(k.cid());
                    cell = v.total() == 0 ? "missing" : "partial " + (100 * v.held() / v.total()) + "%";
                } else {
                    var seen = daemon.state().lastSeen(s.peerId());
                    boolean reachable = connected.contains(s.peerId())
                            || seen.map(t -> now - t.toEpochMilli() < UNREACHABLE_MILLIS).orElse(false);
                    var partial = daemon.state().peerProgress(s.peerId(), k.cid()); // its last anti-entropy report
                    cell = !reachable ? "unreachable" : partial.isPresent() ? "partial " + partial.get().percent() + "%" : "missing";
                }
                cells.put(s.name(), cell);
            }
            row.put("sites", cells);
            rows.add(row);
        }
        m.put("snapshots", rows);
        m.put("bridges", BridgeStatusJson.of(daemon, RECENT));
        return m;
    }

    private Map<String, Object> bridgesOnly() {
        Map<String, Object> m = Json.object();
        m.put("bridges", BridgeStatusJson.of(daemon, RECENT));
        return m;
    }

    private Map<String, Object> snapshot() throws IOException {
        SnapshotOutcome o = daemon.snapshot("on demand");
        Map<String, Object> m = Json.object();
        m.put("id", o.id().toString());
        m.put("blocks", o.blocks());
        m.put("new_blocks", o.stats().newBlocks.get());
        m.put("new_bytes", o.stats().newBytes.get());
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale control.json is detected by the client (connection refused)
        }
    }
}
