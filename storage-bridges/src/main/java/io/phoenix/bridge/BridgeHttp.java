package io.phoenix.bridge;

import io.phoenix.protocol.json.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The HTTP edge shared by the HTTP bridges ({@code java.net.http}, HTTP/1.1): sends a request and
 * turns transport failures and status codes into {@link BridgeException}s with the right
 * {@link BridgeFailure}.
 */
public final class BridgeHttp implements AutoCloseable {
    private final HttpClient client;
    private final String remote;

    public BridgeHttp(String remote, Duration connectTimeout) {
        this.remote = remote;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** The underlying client, for streamed answers. */
    public HttpClient client() {
        return client;
    }

    /** Sends the request; a transport failure is {@link BridgeFailure#UNREACHABLE}. Status codes are the caller's. */
    public HttpResponse<byte[]> send(HttpRequest request) throws BridgeException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException(BridgeFailure.INTERRUPTED, "interrupted talking to " + remote, e);
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.UNREACHABLE, remote + " at " + request.uri().getScheme() + "://"
                    + request.uri().getAuthority() + " unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }

    /** Sends and requires a 2xx answer; anything else becomes the failure {@link #failureOf} names. */
    public HttpResponse<byte[]> sendOk(HttpRequest request) throws BridgeException {
        HttpResponse<byte[]> r = send(request);
        if (r.statusCode() / 100 != 2) throw failed(request, r);
        return r;
    }

    public BridgeException failed(HttpRequest request, HttpResponse<byte[]> r) {
        return new BridgeException(failureOf(r.statusCode()), remote + " answered " + r.statusCode() + " to "
                + request.method() + " " + request.uri().getPath() + ": " + Json.abbreviate(text(r)));
    }

    /** The usual meaning of an HTTP status for a bridge. */
    public static BridgeFailure failureOf(int status) {
        return switch (status) {
            case 401, 403 -> BridgeFailure.UNAUTHORISED;
            case 402, 429, 507 -> BridgeFailure.QUOTA_EXCEEDED;
            case 404, 410 -> BridgeFailure.NOT_FOUND;
            case 408, 502, 503, 504 -> BridgeFailure.UNREACHABLE;
            default -> status >= 500 ? BridgeFailure.UNREACHABLE : BridgeFailure.PROTOCOL;
        };
    }

    public static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
