package io.phoenix.node.bridges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.CidVisitor;
import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.RetryPolicy;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.bridge.TestSnapshots;
import io.phoenix.bridge.car.CarBridge;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.testing.MapBlockStore;
import io.phoenix.protocol.time.SystemScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's push workers (threads of a real scheduler) against a real CAR bridge (files) and
 * bridges that fail as told: the worker follows its engine (newest first, a retry once due), writes
 * every state to the ledger, records permanent failures once, a stuck bridge blocks nobody, and a
 * restart skips what is pushed (the state file) and resumes the rest. The engine's rules themselves
 * (backoff, jitter, ordering) are tested in virtual time by {@link PushQueueTest}.
 */
class AutoPushTest {
    /** Backoffs of a few milliseconds: a worker's retry comes at once. */
    static final RetryPolicy FAST = new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(5), Duration.ofMillis(40));

    @TempDir
    Path dir;

    final MapBlockStore store = new MapBlockStore();
    final SystemScheduler scheduler = new SystemScheduler();
    final List<AutoPush> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        for (AutoPush p : started) p.close();
        scheduler.close();
    }

    /** Fails the first {@code failures} pushes with {@code failure}, then pushes through {@code inner}; records the order. */
    static final class ScriptedBridge implements Bridge {
        final Bridge inner;
        final BridgeFailure failure;
        final AtomicInteger failuresLeft;
        final List<Cid> pushed = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        final List<Cid> attempted = new CopyOnWriteArrayList<>();
        volatile CountDownLatch hold;

        ScriptedBridge(Bridge inner, BridgeFailure failure, int failures) {
            this.inner = inner;
            this.failure = failure;
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public PushReport push(Snapshot snapshot) throws BridgeException {
            calls.incrementAndGet();
            attempted.add(snapshot.root());
            CountDownLatch h = hold;
            if (h != null) {
                try {
                    h.await();
                } catch (InterruptedException e) {
                    throw new BridgeException(BridgeFailure.INTERRUPTED, "interrupted", e);
                }
            }
            if (failuresLeft.getAndDecrement() > 0) throw new BridgeException(failure, "scripted " + failure.name().toLowerCase() + " at 127.0.0.1:1");
            PushReport r = inner.push(snapshot);
            pushed.add(snapshot.root());
            return r;
        }

        @Override
        public SnapshotState state(Cid root) throws BridgeException {
            return inner.state(root);
        }

        @Override
        public byte[] fetch(Cid cid) throws BridgeException {
            return inner.fetch(cid);
        }

        @Override
        public void forEachBlock(Cid root, CidVisitor visitor) throws BridgeException {
            inner.forEachBlock(root, visitor);
        }

        @Override
        public void close() {}
    }

    SignedManifest snapshot(long seed) throws Exception {
        Snapshot s = TestSnapshots.manifest(store, seed, 6, 100, 4_000);
        return SignedManifest.decode(s.root(), store.get(s.root()));
    }

    AutoPush autoPush(Map<String, Bridge> bridges) throws Exception {
        AutoPush p = new AutoPush(bridges, Map.of(), PushLedger.open(PushLedger.fileIn(dir)), store, TestSnapshots.LAYOUT,
                scheduler, FAST, new SplittableRandom(1));
        started.add(p);
        return p;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    static BridgePush.Status status(AutoPush p, String bridge, Cid cid) {
        return p.ledger().get(bridge, cid).map(BridgePush::status).orElse(null);
    }

    @Test
    void NewestSnapshotIsPushedFirstAndRecorded() throws Exception {
        SignedManifest older = snapshot(1);
        SignedManifest newer = snapshot(2);
        ScriptedBridge car = new ScriptedBridge(new CarBridge(dir.resolve("car"), TestSnapshots.LAYOUT), BridgeFailure.UNREACHABLE, 0);
        AutoPush p = autoPush(Map.of("car", car));
        p.offer(older.cid(), older);
        p.offer(newer.cid(), newer);
        assertEquals(BridgePush.Status.PENDING, status(p, "car", older.cid()));
        p.start();
        await(() -> status(p, "car", older.cid()) == BridgePush.Status.PUSHED, "both pushed");
        await(() -> status(p, "car", newer.cid()) == BridgePush.Status.PUSHED, "both pushed");
        assertEquals(List.of(newer.cid(), older.cid()), car.pushed);
        BridgePush rec = p.ledger().get("car", newer.cid()).orElseThrow();
        assertEquals(1, rec.attempts());
        assertEquals(TestSnapshots.blocks(Snapshot.of(newer.cid(), store, TestSnapshots.LAYOUT)).size(), rec.blocks());
        assertTrue(Files.exists(dir.resolve("car").resolve(newer.cid() + ".car")));
        assertEquals(List.of(newer.cid()), p.recent(1).stream().map(BridgePush::snapshot).toList());
    }

    @Test
    void RetryableFailureIsPushedAgainOnceDue() throws Exception {
        SignedManifest m = snapshot(3);
        ScriptedBridge flaky = new ScriptedBridge(new CarBridge(dir.resolve("car"), TestSnapshots.LAYOUT), BridgeFailure.UNREACHABLE, 3);
        AutoPush p = autoPush(Map.of("ipfs", flaky));
        p.start();
        p.offer(m.cid(), m);
        await(() -> status(p, "ipfs", m.cid()) == BridgePush.Status.PUSHED, "the push after three failures"); // waits of 5..40 ms
        BridgePush rec = p.ledger().get("ipfs", m.cid()).orElseThrow();
        assertEquals(4, rec.attempts());
        assertEquals(4, flaky.calls.get());
        assertEquals(null, rec.error(), "a success clears the error");
    }

    @Test
    void RetryingStateNamesTheFailureAndTheNextTry() throws Exception {
        SignedManifest m = snapshot(4);
        ScriptedBridge down = new ScriptedBridge(new CarBridge(dir.resolve("car"), TestSnapshots.LAYOUT), BridgeFailure.UNREACHABLE, Integer.MAX_VALUE);
        AutoPush p = new AutoPush(Map.of("ipfs", down), Map.of(), PushLedger.open(PushLedger.fileIn(dir)), store, TestSnapshots.LAYOUT,
                scheduler, new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(30), Duration.ofMinutes(10)), PushQueueTest.LONGEST);
        started.add(p);
        p.start();
        p.offer(m.cid(), m);
        await(() -> status(p, "ipfs", m.cid()) == BridgePush.Status.RETRYING, "retrying");
        BridgePush rec = p.ledger().get("ipfs", m.cid()).orElseThrow();
        assertEquals("unreachable", rec.failure());
        assertTrue(rec.error().contains("127.0.0.1:1"), rec.error());
        assertNotNull(rec.nextTry());
        assertEquals(Duration.ofSeconds(30), Duration.between(rec.updated(), rec.nextTry()), rec.toString());
        assertEquals(1, down.calls.get(), "no second attempt before the backoff");
    }

    @Test
    void PermanentFailureIsRecordedOnceAndBlocksNoOtherBridge() throws Exception {
        SignedManifest m = snapshot(5);
        ScriptedBridge broke = new ScriptedBridge(new CarBridge(dir.resolve("x"), TestSnapshots.LAYOUT), BridgeFailure.BUDGET_EXCEEDED, Integer.MAX_VALUE);
        ScriptedBridge stuck = new ScriptedBridge(new CarBridge(dir.resolve("y"), TestSnapshots.LAYOUT), BridgeFailure.UNREACHABLE, 0);
        stuck.hold = new CountDownLatch(1);
        ScriptedBridge car = new ScriptedBridge(new CarBridge(dir.resolve("car"), TestSnapshots.LAYOUT), BridgeFailure.UNREACHABLE, 0);
        var bridges = new java.util.LinkedHashMap<String, Bridge>();
        bridges.put("arweave", broke);
        bridges.put("pinning", stuck);
        bridges.put("car", car);
        AutoPush p = autoPush(bridges);
        p.start();
        long t0 = System.nanoTime();
        p.offer(m.cid(), m);
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(2).toNanos(), "offer does not wait for a bridge");
        await(() -> status(p, "car", m.cid()) == BridgePush.Status.PUSHED, "car pushed while pinning hangs");
        await(() -> status(p, "arweave", m.cid()) == BridgePush.Status.FAILED, "arweave failed");
        assertEquals(BridgePush.Status.PUSHING, status(p, "pinning", m.cid()));
        BridgePush failed = p.ledger().get("arweave", m.cid()).orElseThrow();
        assertEquals("budget_exceeded", failed.failure());
        p.offer(m.cid(), m); // offered again (e.g. after anti-entropy): not retried in this run
        SignedManifest later = snapshot(9);
        p.offer(later.cid(), later);
        await(() -> status(p, "arweave", later.cid()) == BridgePush.Status.FAILED, "the later snapshot failed too");
        assertEquals(2, broke.calls.get(), "one attempt per snapshot, the failed one not retried");
        assertEquals(BridgePush.Status.FAILED, status(p, "arweave", m.cid()));
        stuck.hold.countDown();
        await(() -> status(p, "pinning", m.cid()) == BridgePush.Status.PUSHED, "pinning pushed once released");
        assertEquals(1, stuck.attempted.stream().filter(m.cid()::equals).count(), "offered again while in flight: pushed once");
    }

    @Test
    void RestartSkipsPushedSnapshotsAndResumesTheRest() throws Exception {
        SignedManifest a = snapshot(6);
        SignedManifest b = snapshot(7);
        ScriptedBridge first = new ScriptedBridge(new CarBridge(dir.resolve("car"), TestSnapshots.LAYOUT), BridgeFailure.UNREACHABLE, 0);
        AutoPush p1 = autoPush(Map.of("ipfs", first));
        p1.start();
        p1.offer(a.cid(), a);
        await(() -> status(p1, "ipfs", a.cid()) == BridgePush.Status.PUSHED, "a pushed");
        first.failuresLeft.set(Integer.MAX_VALUE);
        p1.offer(b.cid(), b);
        await(() -> status(p1, "ipfs", b.cid()) == BridgePush.Status.RETRYING, "b retrying");
        p1.close();
        BridgePush aBefore = PushLedger.open(PushLedger.fileIn(dir)).get("ipfs", a.cid()).orElseThrow();

        ScriptedBridge second = new ScriptedBridge(new CarBridge(dir.resolve("car"), TestSnapshots.LAYOUT), BridgeFailure.UNREACHABLE, 0);
        AutoPush p2 = autoPush(Map.of("ipfs", second));
        p2.start();
        p2.offer(a.cid(), a);
        p2.offer(b.cid(), b);
        await(() -> status(p2, "ipfs", b.cid()) == BridgePush.Status.PUSHED, "b resumed and pushed");
        assertEquals(List.of(b.cid()), second.pushed, "a is not pushed again");
        assertEquals(1, p2.attemptsStarted());
        assertEquals(aBefore, p2.ledger().get("ipfs", a.cid()).orElseThrow());
        assertTrue(p2.ledger().get("ipfs", b.cid()).orElseThrow().attempts() >= 2, "attempts survive the restart");
    }

    @Test
    void PushStateFileRoundTripsAndForeignFormatsAreRefused() throws Exception {
        SignedManifest m = snapshot(8);
        Path file = PushLedger.fileIn(dir);
        PushLedger l = PushLedger.open(file);
        BridgePush p = BridgePush.pending("arweave", m.cid(), 8, m.manifest().time(), java.time.Instant.parse("2026-11-25T00:00:00Z"))
                .pushing(java.time.Instant.parse("2026-11-25T00:00:01Z"))
                .retrying(java.time.Instant.parse("2026-11-25T00:00:02Z"), java.time.Instant.parse("2026-11-25T00:00:04Z"), "quota_exceeded", "HTTP 429 \"slow down\"");
        l.put(p);
        assertEquals(List.of(p), PushLedger.open(file).newestFirst());
        String text = Files.readString(file);
        assertTrue(text.startsWith("{\"format\":1,\"pushes\":["), text);

        Files.writeString(file, text.replace("\"format\":1", "\"format\":2"));
        var e = assertThrows(FormatException.class, () -> PushLedger.open(file));
        assertTrue(e.getMessage().contains("format 2 is not supported"), e.getMessage());
        Files.writeString(file, text.substring(0, text.length() / 2));
        assertThrows(FormatException.class, () -> PushLedger.open(file));
        Files.writeString(file, text.replace("\"status\":\"retrying\"", "\"status\":\"teleported\""));
        assertThrows(FormatException.class, () -> PushLedger.open(file));
    }
}
