package io.phoenix.bridge.ipfs;

import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.BridgeHttp;
import io.phoenix.bridge.CidVisitor;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.json.Json;
import io.phoenix.protocol.multiformats.Cid;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The Kubo RPC API calls the IPFS bridge needs ({@code POST /api/v0/...}), in the node's dialect.
 * Every CID the node names is parsed and compared with ours by the caller.
 */
public final class IpfsClient implements AutoCloseable {
    private final IpfsConfig config;
    private final BridgeHttp http;
    private volatile IpfsDialect dialect;

    public IpfsClient(IpfsConfig config) {
        this.config = config;
        this.http = new BridgeHttp("IPFS node", Duration.ofSeconds(10));
        this.dialect = config.dialect();
    }

    /** The node's dialect, detected on first use from {@code /api/v0/version} unless configured. */
    public IpfsDialect dialect() throws BridgeException {
        IpfsDialect d = dialect;
        if (d == null) dialect = d = IpfsDialect.of(version());
        return d;
    }

    public Map<String, Object> version() throws BridgeException {
        return json(call("version", "", config.requestTimeout()));
    }

    /**
     * The node's listen addresses with its peer id, as a pinning service wants them for origins:
     * {@code swarm/addrs/local?id=true}, else the {@code Addresses} of {@code id} (js-ipfs leaves
     * that list empty for loopback-only nodes).
     */
    public List<String> addresses() throws BridgeException {
        List<String> out = new ArrayList<>();
        Map<String, Object> local = json(call("swarm/addrs/local", "id=true", config.requestTimeout()));
        if (local.get("Strings") instanceof List<?> l) for (Object a : l) if (a instanceof String s) out.add(s);
        if (out.isEmpty()) {
            Map<String, Object> id = json(call("id", "", config.requestTimeout()));
            if (id.get("Addresses") instanceof List<?> l) for (Object a : l) if (a instanceof String s) out.add(s);
        }
        return out;
    }

    /** Stores a raw sha2-256 block; returns the CID the node computed. */
    public Cid blockPut(byte[] data) throws BridgeException {
        String boundary = "phoenix-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"block\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpRequest req = request("block/put", dialect().rawCodecParameter() + "=raw&mhtype=sha2-256&cid-base=base32",
                config.requestTimeout())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofByteArray(data), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        return cidField(json(ok(req)), "Key");
    }

    /** The block's bytes as the node has them (unverified), or NOT_FOUND after the fetch timeout. */
    public byte[] blockGet(Cid cid) throws BridgeException {
        return call("block/get", "arg=" + cid + "&timeout=" + goDuration(config.fetchTimeout()),
                config.fetchTimeout().plusSeconds(30)).body();
    }

    /**
     * Hands every block the node holds to {@code visitor} as {@code refs/local} names it, streamed:
     * nothing is kept here, so a node with any number of blocks costs one line at a time. The
     * visitor's failures pass through.
     */
    public void forEachLocal(CidVisitor visitor) throws BridgeException {
        HttpRequest req = request("refs/local", "cid-base=base32", config.requestTimeout()).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<InputStream> r = http.client().send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                if (r.statusCode() != 200) {
                    throw new BridgeException(BridgeHttp.failureOf(r.statusCode()), "refs/local answered " + r.statusCode());
                }
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isBlank()) continue;
                    Map<String, Object> ref = Json.object(line);
                    Object err = ref.get("Err");
                    if (err instanceof String s && !s.isEmpty()) throw new BridgeException(BridgeFailure.PROTOCOL, "refs/local: " + s);
                    visitor.visit(Cid.parse((String) ref.get("Ref")));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException(BridgeFailure.INTERRUPTED, "interrupted listing the node's blocks", e);
        } catch (BridgeException e) {
            throw e;
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.UNREACHABLE, "IPFS node unreachable listing its blocks: " + e.getMessage(), e);
        } catch (FormatException | ClassCastException e) {
            throw new BridgeException(BridgeFailure.PROTOCOL, "unexpected refs/local answer: " + e.getMessage(), e);
        }
    }

    /** Pins {@code root} recursively; the node must hold every block (it would otherwise try to fetch). */
    public void pinAdd(Cid root) throws BridgeException {
        Map<String, Object> r = json(call("pin/add", "arg=" + root + "&recursive=true&cid-base=base32&timeout="
                + goDuration(config.requestTimeout()), config.requestTimeout().plusSeconds(30)));
        if (!(r.get("Pins") instanceof List<?> pins) || pins.isEmpty()) {
            throw new BridgeException(BridgeFailure.PROTOCOL, "pin/add of " + root + " answered " + r);
        }
    }

    public boolean isPinnedRecursively(Cid root) throws BridgeException {
        try {
            Map<String, Object> r = json(call("pin/ls", "arg=" + root + "&type=recursive&cid-base=base32", config.requestTimeout()));
            return r.get("Keys") instanceof Map<?, ?> keys && !keys.isEmpty();
        } catch (BridgeException e) {
            if (e.failure() == BridgeFailure.NOT_FOUND) return false;
            throw e;
        }
    }

    /** Imports a CAR file ({@code dag/import}, roots pinned); returns the root the node read from it. */
    public Cid dagImport(Path car) throws BridgeException {
        String boundary = "phoenix-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"snapshot.car\"\r\n"
                + "Content-Type: application/vnd.ipld.car\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpRequest.BodyPublisher file;
        try {
            file = HttpRequest.BodyPublishers.ofFile(car);
        } catch (FileNotFoundException e) {
            throw new BridgeException(BridgeFailure.LOCAL, "no CAR file " + car, e);
        }
        HttpRequest req = request("dag/import", "pin-roots=true", config.requestTimeout())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head), file,
                        HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        String first = BridgeHttp.text(ok(req)).lines().filter(l -> l.contains("Root")).findFirst()
                .orElseThrow(() -> new BridgeException(BridgeFailure.PROTOCOL, "dag/import named no root"));
        Object root = Json.object(first).get("Root");
        if (root instanceof Map<?, ?> m && m.get("Cid") instanceof Map<?, ?> c && c.get("/") instanceof String s) {
            Object pinError = m.get("PinErrorMsg");
            if (pinError instanceof String pe && !pe.isEmpty()) throw new BridgeException(BridgeFailure.PROTOCOL, "dag/import could not pin: " + pe);
            return parse(s);
        }
        throw new BridgeException(BridgeFailure.PROTOCOL, "unexpected dag/import answer: " + Json.abbreviate(first));
    }

    private HttpResponse<byte[]> call(String path, String query, Duration timeout) throws BridgeException {
        return ok(request(path, query, timeout).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpResponse<byte[]> ok(HttpRequest req) throws BridgeException {
        HttpResponse<byte[]> r = http.send(req);
        if (r.statusCode() == 200) return r;
        String message = BridgeHttp.text(r);
        try {
            if (Json.parse(message) instanceof Map<?, ?> m && m.get("Message") instanceof String s) message = s;
        } catch (FormatException e) {
            // not an RPC error object; keep the raw text
        }
        String lower = message.toLowerCase(Locale.ROOT);
        BridgeFailure failure = BridgeHttp.failureOf(r.statusCode());
        if (r.statusCode() == 500) {
            failure = lower.contains("timed out") || lower.contains("not found") || lower.contains("not pinned")
                    ? BridgeFailure.NOT_FOUND : BridgeFailure.PROTOCOL;
        }
        throw new BridgeException(failure, "IPFS " + req.uri().getPath() + " answered " + r.statusCode() + ": " + Json.abbreviate(message));
    }

    private HttpRequest.Builder request(String path, String query, Duration timeout) {
        URI uri = config.api().resolve("/api/v0/" + path + (query.isEmpty() ? "" : "?" + query));
        return HttpRequest.newBuilder(uri).timeout(timeout);
    }

    private static Map<String, Object> json(HttpResponse<byte[]> r) throws BridgeException {
        try {
            return Json.object(BridgeHttp.text(r));
        } catch (FormatException e) {
            throw new BridgeException(BridgeFailure.PROTOCOL, "IPFS answered non-JSON: " + e.getMessage(), e);
        }
    }

    private static Cid cidField(Map<String, Object> m, String field) throws BridgeException {
        if (m.get(field) instanceof String s) return parse(s);
        throw new BridgeException(BridgeFailure.PROTOCOL, "IPFS answer lacks '" + field + "': " + m);
    }

    private static Cid parse(String s) throws BridgeException {
        try {
            return Cid.parse(s);
        } catch (FormatException e) {
            throw new BridgeException(BridgeFailure.PROTOCOL, "IPFS named an unreadable CID: " + e.getMessage(), e);
        }
    }

    static String goDuration(Duration d) {
        return Math.max(1, d.toMillis()) + "ms";
    }

    @Override
    public void close() {
        http.close();
    }
}
