package io.phoenix.bridge.arweave;

import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.BridgeHttp;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Arweave HTTP API calls the bridge needs: {@code /tx_anchor}, {@code /price/{bytes}},
 * {@code /wallet/{address}/balance}, {@code POST /tx}, {@code POST /chunk},
 * {@code /tx/{id}/status}, {@code /tx/{id}} (header), {@code /{id}} (data) and {@code /graphql}.
 */
public final class ArweaveClient implements AutoCloseable {
    /** A transaction found by a GraphQL query, with its tags. */
    public record Found(String id, Map<String, String> tags) {}

    /** Receives the transactions a query finds, a page at a time; returns false to stop. */
    @FunctionalInterface
    public interface FoundVisitor {
        boolean visit(Found found) throws BridgeException;
    }

    private final ArweaveConfig config;
    private final BridgeHttp http;

    public ArweaveClient(ArweaveConfig config) {
        this.config = config;
        this.http = new BridgeHttp("Arweave gateway", Duration.ofSeconds(10));
    }

    public String anchor() throws BridgeException {
        return BridgeHttp.text(get("tx_anchor")).trim();
    }

    /** The winston price of storing {@code bytes} bytes. */
    public BigInteger price(long bytes) throws BridgeException {
        return winston(BridgeHttp.text(get("price/" + bytes)), "price");
    }

    public BigInteger balance(String address) throws BridgeException {
        return winston(BridgeHttp.text(get("wallet/" + address + "/balance")), "balance");
    }

    public void post(ArweaveTransaction tx, boolean inline) throws BridgeException {
        send(request("tx").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(tx.toJson(inline)))).build(),
                "transaction " + tx.id() + " (" + tx.dataSize() + " bytes" + (inline ? " inline" : ", chunks follow") + ")");
    }

    public void postChunk(ArweaveTransaction tx, int i) throws BridgeException {
        send(request("chunk").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(tx.chunkJson(i)))).build(), "chunk " + i + " of " + tx.id());
    }

    /** Confirmations of a mined transaction; empty while it is pending; NOT_FOUND when unknown. */
    public OptionalInt confirmations(String id) throws BridgeException {
        HttpRequest req = request("tx/" + id + "/status").GET().build();
        HttpResponse<byte[]> r = http.send(req);
        // 202 is the documented "pending"; arlocal answers 200 with the text "Pending"
        if (r.statusCode() == 202 || BridgeHttp.text(r).trim().equals("Pending")) return OptionalInt.empty();
        if (r.statusCode() != 200) throw http.failed(req, r);
        Map<String, Object> m = json(r);
        if (m.get("number_of_confirmations") instanceof BigDecimal n) return OptionalInt.of(n.intValueExact());
        throw new BridgeException(BridgeFailure.PROTOCOL, "transaction status without confirmations: " + Json.abbreviate(BridgeHttp.text(r)));
    }

    /** As {@link #confirmations}, with a transaction this gateway has not seen yet counted as pending. */
    public OptionalInt confirmationsIfSeen(String id) throws BridgeException {
        try {
            return confirmations(id);
        } catch (BridgeException e) {
            if (e.failure() == BridgeFailure.NOT_FOUND) return OptionalInt.empty();
            throw e;
        }
    }

    /** The transaction header (its {@code data_root} and {@code data_size}); empty while the transaction is pending. */
    public Optional<Map<String, Object>> header(String id) throws BridgeException {
        HttpResponse<byte[]> r = send(request("tx/" + id).GET().build(), "transaction " + id);
        if (r.statusCode() == 202 || BridgeHttp.text(r).trim().equals("Pending")) return Optional.empty();
        return Optional.of(json(r));
    }

    /** The transaction's data ({@code GET /{id}}, which serves chunked uploads too). Unverified. */
    public byte[] data(String id) throws BridgeException {
        return send(request(id).GET().build(), "data of " + id).body();
    }

    /** As {@link #data} for data that may be large (an index): streamed into {@code file}, never held. Unverified. */
    public void dataTo(String id, Path file) throws BridgeException {
        HttpRequest req = request(id).GET().build();
        HttpResponse<Path> r;
        try {
            r = http.client().send(req, HttpResponse.BodyHandlers.ofFile(file));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException(BridgeFailure.INTERRUPTED, "interrupted downloading " + id, e);
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.UNREACHABLE, "Arweave gateway unreachable downloading " + id + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        if (r.statusCode() / 100 == 2) return;
        String text;
        try {
            text = Json.abbreviate(Files.readString(file));
        } catch (IOException e) {
            text = "(unreadable answer)";
        }
        BridgeFailure f = BridgeHttp.failureOf(r.statusCode());
        throw new BridgeException(f, "Arweave answered " + r.statusCode() + " for data of " + id + ": " + text);
    }

    /**
     * Every transaction carrying all of {@code tags} (name → value), paging through GraphQL (100 a
     * page) and handing each to {@code visitor} as it comes: nothing is collected, so a snapshot
     * of a million pack transactions costs one page. Stops when the visitor returns false.
     */
    public void find(Map<String, String> tags, String owner, FoundVisitor visitor) throws BridgeException {
        StringBuilder filter = new StringBuilder();
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (!filter.isEmpty()) filter.append(',');
            filter.append("{name:").append(Json.write(t.getKey())).append(",values:[").append(Json.write(t.getValue())).append("]}");
        }
        String after = null;
        for (long page = 0; page < 100_000_000L; page++) {
            String q = "query { transactions(first: 100" + (after == null ? "" : ", after: " + Json.write(after))
                    + ", owners: [" + Json.write(owner) + "], tags: [" + filter + "]) { pageInfo { hasNextPage } "
                    + "edges { cursor node { id tags { name value } } } } }";
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("query", q);
            Map<String, Object> r = json(send(request("graphql").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), "GraphQL query"));
            List<Found> found = new ArrayList<>();
            boolean more;
            try {
                Map<?, ?> txs = (Map<?, ?>) ((Map<?, ?>) r.get("data")).get("transactions");
                List<?> edges = (List<?>) txs.get("edges");
                for (Object e : edges) {
                    Map<?, ?> edge = (Map<?, ?>) e;
                    Map<?, ?> node = (Map<?, ?>) edge.get("node");
                    Map<String, String> tagsFound = new LinkedHashMap<>();
                    for (Object t : (List<?>) node.get("tags")) {
                        Map<?, ?> tag = (Map<?, ?>) t;
                        tagsFound.putIfAbsent((String) tag.get("name"), (String) tag.get("value"));
                    }
                    found.add(new Found((String) node.get("id"), tagsFound));
                    after = (String) edge.get("cursor");
                }
                more = Boolean.TRUE.equals(((Map<?, ?>) txs.get("pageInfo")).get("hasNextPage")) && !edges.isEmpty();
            } catch (ClassCastException | NullPointerException e) {
                throw new BridgeException(BridgeFailure.PROTOCOL, "unexpected GraphQL answer: " + Json.abbreviate(String.valueOf(r)), e);
            }
            for (Found f : found) if (!visitor.visit(f)) return;
            if (!more) return;
        }
        throw new BridgeException(BridgeFailure.PROTOCOL, "GraphQL paging did not end");
    }

    private HttpResponse<byte[]> get(String path) throws BridgeException {
        return send(request(path).GET().build(), path);
    }

    private HttpResponse<byte[]> send(HttpRequest req, String what) throws BridgeException {
        HttpResponse<byte[]> r = http.send(req);
        if (r.statusCode() / 100 == 2) return r;
        String text = Json.abbreviate(BridgeHttp.text(r));
        BridgeFailure f = BridgeHttp.failureOf(r.statusCode());
        if (r.statusCode() == 410 || text.toLowerCase(Locale.ROOT).contains("enough tokens")) f = BridgeFailure.QUOTA_EXCEEDED;
        throw new BridgeException(f, "Arweave answered " + r.statusCode() + " for " + what + ": " + text);
    }

    private HttpRequest.Builder request(String path) {
        String base = config.gateway().toString();
        return HttpRequest.newBuilder(URI.create((base.endsWith("/") ? base : base + "/") + path)).timeout(config.requestTimeout());
    }

    private static Map<String, Object> json(HttpResponse<byte[]> r) throws BridgeException {
        try {
            return Json.object(BridgeHttp.text(r));
        } catch (FormatException e) {
            throw new BridgeException(BridgeFailure.PROTOCOL, "Arweave answered non-JSON: " + e.getMessage(), e);
        }
    }

    private static BigInteger winston(String text, String what) throws BridgeException {
        try {
            // arlocal writes large numbers the JavaScript way ("1e+21")
            return new BigDecimal(text.trim()).toBigIntegerExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BridgeException(BridgeFailure.PROTOCOL, "Arweave " + what + " is not a number: " + Json.abbreviate(text), e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
