package io.phoenix.protocol.p2p.reqresp;

import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.P2pException;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.StreamHandler;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.protocol.time.Task;
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

    /**
     * Sends {@code request} to {@code peer} on {@code protocol}; fails with {@link P2pException}, also
     * when no response came within {@code timeout} on the scheduler's clock (the stream is then reset).
     */
    public static CompletableFuture<byte[]> call(Host host, Scheduler scheduler, PeerId peer, String protocol, byte[] request,
                                                 int maxResponse, Duration timeout) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Task timer = scheduler.schedule(timeout, () -> result.completeExceptionally(
                new P2pException(protocol + " request to " + peer + " timed out after " + timeout, true, new TimeoutException())));
        result.whenComplete((r, e) -> timer.cancel());
        host.newStream(peer, List.of(protocol)).whenComplete((stream, err) -> {
            if (err != null) {
                result.completeExceptionally(err);
                return;
            }
            result.whenComplete((r, e) -> {
                if (e != null) stream.reset();
            });
            scheduler.start("reqresp-" + protocol, () -> {
                try {
                    result.complete(exchange(stream, request, maxResponse));
                } catch (IOException | RuntimeException e) {
                    stream.reset();
                    result.completeExceptionally(e instanceof P2pException p ? p
                            : new P2pException(protocol + " request to " + peer + " failed: " + e.getMessage(), true, e));
                }
            });
        });
        return result;
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
