package io.phoenix.protocol.p2p.reqresp;

import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.P2pException;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.StreamHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One request, one response, each a {@code uvarint}-length-prefixed frame on a fresh stream: the
 * requester writes the request and half-closes, the responder writes the response and closes.
 * The building block for Phoenix's own protocols.
 */
public final class RequestResponse {
    private RequestResponse() {}

    /** Sends {@code request} to {@code peer} on {@code protocol}; fails with {@link P2pException}. */
    public static CompletableFuture<byte[]> call(Host host, PeerId peer, String protocol, byte[] request,
                                                 int maxResponse, Duration timeout) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        host.newStream(peer, List.of(protocol)).whenComplete((stream, err) -> {
            if (err != null) {
                result.completeExceptionally(err);
                return;
            }
            result.whenComplete((r, e) -> {
                if (e != null) stream.reset();
            });
            Thread.ofVirtual().start(() -> {
                try {
                    result.complete(exchange(stream, request, maxResponse));
                } catch (IOException | RuntimeException e) {
                    stream.reset();
                    result.completeExceptionally(e instanceof P2pException p ? p
                            : new P2pException(protocol + " request to " + peer + " failed: " + e.getMessage(), true, e));
                }
            });
        });
        return result.orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof TimeoutException
                        ? new P2pException(protocol + " request to " + peer + " timed out after " + timeout, true, e) : e));
    }

    /** Client half on an open stream. */
    public static byte[] exchange(Stream stream, byte[] request, int maxResponse) throws IOException {
        LengthPrefixed.write(stream.output(), request);
        stream.closeWrite();
        byte[] response = LengthPrefixed.read(stream.input(), maxResponse);
        if (response == null) throw new P2pException("stream closed without a response", true);
        stream.close();
        return response;
    }

    /** Server half: reads one request (≤ {@code maxRequest}), answers with {@code handler}'s result. */
    public static StreamHandler server(int maxRequest, Function<byte[], byte[]> handler) {
        return stream -> {
            byte[] request = LengthPrefixed.read(stream.input(), maxRequest);
            if (request == null) throw new P2pException("stream closed without a request", false);
            LengthPrefixed.write(stream.output(), handler.apply(request));
            stream.closeWrite();
        };
    }
}
