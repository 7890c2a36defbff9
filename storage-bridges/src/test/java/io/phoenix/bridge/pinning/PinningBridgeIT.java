package io.phoenix.bridge.pinning;

import io.phoenix.protocol.testing.MapBlockStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeContract;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.bridge.TestSnapshots;
import io.phoenix.bridge.ipfs.IpfsBridge;
import io.phoenix.bridge.ipfs.JsIpfsNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PinningBridgeIT extends BridgeContract {
    static JsIpfsNode node;
    static PinningService service;

    /** A clock that moves forward only when the bridge "sleeps" between polls. */
    static final class SteppingClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
        }

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @BeforeAll
    static void start() throws Exception {
        node = JsIpfsNode.shared();
        service = PinningService.start();
    }

    @AfterAll
    static void stop() {
        if (service != null) service.close();
    }

    private PinningBridge pinning(PinningConfig config, SteppingClock clock) {
        return new PinningBridge(config, new IpfsBridge(node.config(), TestSnapshots.LAYOUT), clock, clock::sleep);
    }

    private PinningConfig config(String prefix) {
        return PinningConfig.of(service.endpoint(), PinningService.TOKEN).withNamePrefix(prefix)
                .withPolling(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    @Override
    protected Bridge newBridge() {
        return pinning(config("pinned-"), new SteppingClock());
    }

    @Override
    protected boolean countsBlocks() {
        return false;
    }

    @Test
    void pinCarriesOurNodesAddressesAsOrigins() throws Exception {
        Snapshot s = TestSnapshots.small(new MapBlockStore(), seed());
        bridge.push(s);
        try (PinningClient c = new PinningClient(config("pinned-"))) {
            PinStatus pin = c.find(s.root()).orElseThrow();
            assertEquals(PinStatus.Status.PINNED, pin.status());
            assertEquals("pinned-" + s.root(), pin.name());
            assertFalse(pin.origins().isEmpty());
            assertTrue(pin.origins().stream().allMatch(o -> o.startsWith("/ip4/127.0.0.1/tcp/") && o.contains("/p2p/")), pin.origins().toString());
        }
    }

    @Test
    void QueuedPinIsPolledUntilTheTimeoutThenReportedPending() throws Exception {
        SteppingClock clock = new SteppingClock();
        Snapshot s = TestSnapshots.small(new MapBlockStore(), seed());
        try (PinningBridge queued = pinning(config("queued-"), clock)) {
            PushReport r = queued.push(s);
            assertEquals(SnapshotState.Status.PENDING, r.state().status(), r.toString());
            assertEquals(6, clock.sleeps.size(), clock.sleeps.toString()); // 30 s timeout / 5 s interval
            assertEquals(SnapshotState.Status.PENDING, queued.state(s.root()).status());
        }
        // the service later reports it pinned: a push with the final name picks the pin up
        try (PinningBridge pinned = pinning(config("pinned-"), new SteppingClock())) {
            assertTrue(pinned.push(s).state().complete());
        }
    }

    @Test
    void FailedPinIsARetryableRemoteFailure() throws Exception {
        Snapshot s = TestSnapshots.small(new MapBlockStore(), seed());
        try (PinningBridge failing = pinning(config("failed-"), new SteppingClock())) {
            BridgeException e = assertThrows(BridgeException.class, () -> failing.push(s));
            assertEquals(BridgeFailure.REMOTE_FAILED, e.failure(), e.getMessage());
            assertTrue(e.retryable());
            assertEquals(SnapshotState.Status.FAILED, failing.state(s.root()).status());
        }
    }

    @Test
    void WrongTokenIsUnauthorisedAndNotRetryable() throws Exception {
        PinningConfig wrong = PinningConfig.of(service.endpoint(), "not-the-token").withNamePrefix("pinned-");
        try (PinningBridge denied = pinning(wrong, new SteppingClock())) {
            BridgeException e = assertThrows(BridgeException.class, () -> denied.state(TestSnapshots.small(new MapBlockStore(), seed()).root()));
            assertEquals(BridgeFailure.UNAUTHORISED, e.failure(), e.getMessage());
            assertFalse(e.retryable());
        }
    }

    @Test
    void MissingTokenIsUnauthorisedNamingTheVariable() throws Exception {
        PinningConfig none = PinningConfig.of(service.endpoint(), null).resolveToken(Map.of());
        try (PinningBridge denied = pinning(none, new SteppingClock())) {
            BridgeException e = assertThrows(BridgeException.class, () -> denied.state(TestSnapshots.small(new MapBlockStore(), seed()).root()));
            assertEquals(BridgeFailure.UNAUTHORISED, e.failure());
            assertTrue(e.getMessage().contains("PHOENIX_PINNING_TOKEN"), e.getMessage());
        }
    }

    @Test
    void tokenIsTakenFromTheEnvironmentWhenNotConfigured() throws Exception {
        PinningConfig fromEnv = config("pinned-").resolveToken(Map.of());
        fromEnv = new PinningConfig(fromEnv.endpoint(), null, "pinned-", fromEnv.pollInterval(), fromEnv.pinTimeout(), fromEnv.requestTimeout())
                .resolveToken(Map.of(PinningConfig.TOKEN_VARIABLE, PinningService.TOKEN));
        try (PinningBridge b = pinning(fromEnv, new SteppingClock())) {
            assertTrue(b.push(TestSnapshots.small(new MapBlockStore(), seed())).state().complete());
        }
    }
}
