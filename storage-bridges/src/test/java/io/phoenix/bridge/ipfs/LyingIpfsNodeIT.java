package io.phoenix.bridge.ipfs;

import io.phoenix.protocol.testing.MapBlockStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.TestSnapshots;
import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks from a hostile or broken IPFS node and gateway, played by a small HTTP server on
 * 127.0.0.1 that answers the RPC calls with wrong bytes, a wrong CID or a refusal.
 */
class LyingIpfsNodeIT {
    private HttpServer server;
    private final SplittableRandom random = new SplittableRandom(5);
    private final Cid someoneElses = Cid.ofRaw("not our block".getBytes(StandardCharsets.UTF_8));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v0/version", ex -> reply(ex, 200, "{\"Version\":\"0.30.0\",\"System\":\"amd64/linux\"}"));
        server.createContext("/api/v0/refs/local", ex -> reply(ex, 200, ""));
        server.createContext("/api/v0/block/get", ex -> reply(ex, 200, junk()));
        server.createContext("/api/v0/block/put", ex -> {
            ex.getRequestBody().readAllBytes();
            reply(ex, 200, "{\"Key\":\"" + someoneElses + "\",\"Size\":13}");
        });
        server.createContext("/api/v0/pin/ls", ex -> reply(ex, 403, "{\"Message\":\"forbidden\",\"Code\":0,\"Type\":\"error\"}"));
        server.createContext("/ipfs/", ex -> reply(ex, 200, junk()));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private String junk() {
        byte[] b = new byte[64];
        random.nextBytes(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) ex.getResponseBody().write(b);
        ex.close();
    }

    @Test
    void NodeReturningWrongBytesIsCaughtAsCorrupt() throws Exception {
        try (IpfsBridge ipfs = new IpfsBridge(IpfsConfig.of(base()), TestSnapshots.LAYOUT)) {
            BridgeException e = assertThrows(BridgeException.class, () -> ipfs.fetch(someoneElses));
            assertEquals(BridgeFailure.CORRUPT, e.failure(), e.getMessage());
            assertTrue(e.retryable());
        }
    }

    @Test
    void NodeNamingADifferentCidIsCaughtAndNothingLocalChanges() throws Exception {
        MapBlockStore local = new MapBlockStore();
        Snapshot s = TestSnapshots.small(local, 3);
        Map<Cid, byte[]> before = local.contents();
        try (IpfsBridge ipfs = new IpfsBridge(IpfsConfig.of(base()).withParallelism(1), TestSnapshots.LAYOUT)) {
            assertEquals(IpfsDialect.KUBO, ipfs.client().dialect());
            BridgeException e = assertThrows(BridgeException.class, () -> ipfs.push(s));
            assertEquals(BridgeFailure.CID_MISMATCH, e.failure(), e.getMessage());
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains(someoneElses.toString()), e.getMessage());
        }
        assertEquals(before.keySet(), local.contents().keySet());
    }

    @Test
    void LyingGatewayIsCaughtAsCorrupt() {
        try (IpfsGateway gw = new IpfsGateway(base(), Duration.ofSeconds(5))) {
            BridgeException e = assertThrows(BridgeException.class, () -> gw.get(someoneElses));
            assertEquals(BridgeFailure.CORRUPT, e.failure(), e.getMessage());
        }
    }

    @Test
    void RefusedRequestIsUnauthorised() throws Exception {
        try (IpfsBridge ipfs = new IpfsBridge(IpfsConfig.of(base()), TestSnapshots.LAYOUT)) {
            BridgeException e = assertThrows(BridgeException.class, () -> ipfs.client().isPinnedRecursively(someoneElses));
            assertEquals(BridgeFailure.UNAUTHORISED, e.failure(), e.getMessage());
            assertFalse(e.retryable());
        }
    }
}
