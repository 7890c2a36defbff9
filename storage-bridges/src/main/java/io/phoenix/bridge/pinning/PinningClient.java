package io.phoenix.bridge.pinning;

import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.BridgeHttp;
import io.phoenix.protocol.json.Json;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The IPFS Pinning Service API ({@code ipfs/pinning-services-api-spec}): {@code POST /pins},
 * {@code GET /pins?cid=...}, {@code GET /pins/{requestid}}, bearer-token authentication. Error
 * bodies are {@code {"error": {"reason", "details"}}}; {@code 401} is unauthorised, {@code 409
 * INSUFFICIENT_FUNDS} and {@code 429} are quota failures.
 */
public final class PinningClient implements AutoCloseable {
    private static final String ALL_STATUSES = "queued,pinning,pinned,failed";
    private final PinningConfig config;
    private final BridgeHttp http;

    public PinningClient(PinningConfig config) {
        this.config = config;
        this.http = new BridgeHttp("pinning service", Duration.ofSeconds(10));
    }

    /** Asks the service to pin {@code cid}, fetching it from {@code origins} (multiaddrs of nodes that have it). */
    public PinStatus add(Cid cid, String name, List<String> origins, Map<String, String> meta) throws BridgeException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cid", cid.toString());
        body.put("name", name);
        if (!origins.isEmpty()) body.put("origins", origins);
        if (!meta.isEmpty()) body.put("meta", meta);
        return status(send(request(URI.create("pins")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build()));
    }

    /** The newest pin request for {@code cid}, in any status. */
    public Optional<PinStatus> find(Cid cid) throws BridgeException {
        Map<String, Object> r = send(request(URI.create("pins?cid=" + cid + "&status=" + ALL_STATUSES + "&limit=10")).GET().build());
        List<PinStatus> found = new ArrayList<>();
        if (r.get("results") instanceof List<?> results) {
            for (Object o : results) if (o instanceof Map<?, ?> m) found.add(status(cast(m)));
        } else {
            throw new BridgeException(BridgeFailure.PROTOCOL, "pin list without results: " + Json.abbreviate(r.toString()));
        }
        return found.stream().filter(p -> p.cid().equals(cid)).reduce((a, b) -> b);
    }

    public PinStatus get(String requestId) throws BridgeException {
        return status(send(request(URI.create("pins/" + requestId)).GET().build()));
    }

    private HttpRequest.Builder request(URI relative) throws BridgeException {
        String token = config.token();
        if (token == null || token.isBlank()) {
            throw new BridgeException(BridgeFailure.UNAUTHORISED, "no pinning service token: configure one or set "
                    + PinningConfig.TOKEN_VARIABLE);
        }
        String base = config.endpoint().toString();
        URI uri = URI.create((base.endsWith("/") ? base : base + "/") + relative);
        return HttpRequest.newBuilder(uri).timeout(config.requestTimeout()).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    private Map<String, Object> send(HttpRequest req) throws BridgeException {
        HttpResponse<byte[]> r = http.send(req);
        String text = BridgeHttp.text(r);
        if (r.statusCode() / 100 != 2) {
            BridgeFailure failure = BridgeHttp.failureOf(r.statusCode());
            String reason = "";
            try {
                if (Json.parse(text) instanceof Map<?, ?> m && m.get("error") instanceof Map<?, ?> e) {
                    reason = e.get("reason") + (e.get("details") == null ? "" : ": " + e.get("details"));
                }
            } catch (FormatException ignored) {
                reason = Json.abbreviate(text);
            }
            if (reason.toUpperCase(Locale.ROOT).startsWith("INSUFFICIENT_FUNDS")) failure = BridgeFailure.QUOTA_EXCEEDED;
            throw new BridgeException(failure, "pinning service answered " + r.statusCode() + " to " + req.method() + " "
                    + req.uri().getPath() + ": " + (reason.isEmpty() ? Json.abbreviate(text) : reason));
        }
        try {
            return Json.object(text);
        } catch (FormatException e) {
            throw new BridgeException(BridgeFailure.PROTOCOL, "pinning service answered non-JSON: " + e.getMessage(), e);
        }
    }

    private static PinStatus status(Map<String, Object> m) throws BridgeException {
        try {
            Map<String, Object> pin = cast((Map<?, ?>) m.get("pin"));
            PinStatus.Status status = PinStatus.Status.valueOf(((String) m.get("status")).toUpperCase(Locale.ROOT));
            List<String> delegates = new ArrayList<>();
            if (m.get("delegates") instanceof List<?> l) for (Object d : l) delegates.add(String.valueOf(d));
            List<String> origins = new ArrayList<>();
            if (pin.get("origins") instanceof List<?> l) for (Object o : l) origins.add(String.valueOf(o));
            return new PinStatus((String) m.get("requestid"), status, Cid.parse((String) pin.get("cid")),
                    (String) pin.get("name"), origins, delegates);
        } catch (RuntimeException e) {
            throw new BridgeException(BridgeFailure.PROTOCOL, "unreadable PinStatus " + Json.abbreviate(String.valueOf(m)) + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    @Override
    public void close() {
        http.close();
    }
}
