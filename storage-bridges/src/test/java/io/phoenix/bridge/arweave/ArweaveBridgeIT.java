package io.phoenix.bridge.arweave;

import io.phoenix.protocol.testing.MapBlockStore;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeContract;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.BridgeRestore;
import io.phoenix.bridge.Sleeper;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.bridge.TestSnapshots;
import io.phoenix.protocol.multiformats.Cid;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArweaveBridgeIT extends BridgeContract {
    static Arlocal arlocal;
    static ArweaveWallet wallet;
    /** A second wallet without funds (RSA-4096 generation is slow, so one for all tests). */
    static ArweaveWallet poor;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        arlocal = Arlocal.start();
        wallet = ArweaveWallet.generate(new SecureRandom());
        arlocal.mint(wallet.address(), new BigInteger("1000000000000000000"));
        arlocal.startMining();
        poor = ArweaveWallet.generate(new SecureRandom());
    }

    @AfterAll
    static void stop() {
        if (arlocal != null) arlocal.close();
    }

    static ArweaveConfig config() {
        // small packs so that a test snapshot spans several transactions, sent inline (arlocal is slow with chunks)
        return ArweaveConfig.of(arlocal.gateway(), "test-swarm", new BigInteger("1000000000000000000"))
                .withPacking(64 * 1024, 64 * 1024)
                .withConfirmation(1, Duration.ofMillis(50), Duration.ofSeconds(60));
    }

    @Override
    protected Bridge newBridge() {
        return new ArweaveBridge(config(), wallet, TestSnapshots.LAYOUT, Clock.systemUTC(), Sleeper.REAL);
    }

    @Test
    void restoreFromArweaveAloneWithAFreshBridgeAndAReloadedWallet() throws Exception {
        MapBlockStore local = new MapBlockStore();
        // 1 MiB packs uploaded as 256 KiB chunks (several per pack), non-repetitive data
        Snapshot s = TestSnapshots.manifest(local, seed(), 24, 100, 250_000);
        io.phoenix.bridge.PushReport pushed;
        try (ArweaveBridge chunked = new ArweaveBridge(config().withPacking(1 << 20, 256 << 10), wallet, TestSnapshots.LAYOUT)) {
            pushed = chunked.push(s);
        }
        System.out.println("arweave push: " + pushed);
        assertTrue(pushed.state().complete());
        Path jwk = dir.resolve("wallet.json");
        wallet.save(jwk);
        try (ArweaveBridge fresh = new ArweaveBridge(config(), ArweaveWallet.load(jwk), TestSnapshots.LAYOUT)) {
            MapBlockStore empty = new MapBlockStore();
            System.out.println("arweave restore: " + new BridgeRestore(4).restore(fresh, s.root(), empty));
            assertEquals(TestSnapshots.blocks(s).size(), empty.contents().size());
            for (Cid cid : TestSnapshots.blocks(s)) assertArrayEquals(local.get(cid), empty.get(cid));
        }
    }

    @Test
    void aFreshBridgeFetchesATaggedBlockWithoutListingTheSnapshotFirst() throws Exception {
        MapBlockStore local = new MapBlockStore();
        Snapshot s = TestSnapshots.small(local, seed());
        bridge.push(s);
        Cid first = TestSnapshots.blocks(s).get(0);
        try (ArweaveBridge fresh = new ArweaveBridge(config(), wallet, TestSnapshots.LAYOUT)) {
            assertArrayEquals(local.get(first), fresh.fetch(first));
        }
    }

    @Test
    void BudgetExceededUploadsNothing() throws Exception {
        Snapshot s = TestSnapshots.small(new MapBlockStore(), seed());
        try (ArweaveBridge cheap = new ArweaveBridge(config().withBudget(BigInteger.ONE), wallet, TestSnapshots.LAYOUT)) {
            BridgeException e = assertThrows(BridgeException.class, () -> cheap.push(s));
            assertEquals(BridgeFailure.BUDGET_EXCEEDED, e.failure(), e.getMessage());
            assertFalse(e.retryable());
            assertEquals(SnapshotState.Status.ABSENT, cheap.state(s.root()).status());
        }
    }

    @Test
    void UnfundedWalletIsAQuotaFailureAndUploadsNothing() throws Exception {
        Snapshot s = TestSnapshots.small(new MapBlockStore(), seed());
        try (ArweaveBridge b = new ArweaveBridge(config(), poor, TestSnapshots.LAYOUT)) {
            BridgeException e = assertThrows(BridgeException.class, () -> b.push(s));
            assertEquals(BridgeFailure.QUOTA_EXCEEDED, e.failure(), e.getMessage());
            assertTrue(e.getMessage().contains(poor.address()), e.getMessage());
            assertEquals(SnapshotState.Status.ABSENT, b.state(s.root()).status());
        }
    }

    @Test
    void snapshotIsNotFoundUnderAnotherWallet() throws Exception {
        Snapshot s = TestSnapshots.small(new MapBlockStore(), seed());
        bridge.push(s);
        try (ArweaveBridge other = new ArweaveBridge(config(), poor, TestSnapshots.LAYOUT)) {
            assertEquals(SnapshotState.Status.ABSENT, other.state(s.root()).status());
            BridgeException e = assertThrows(BridgeException.class, () -> TestSnapshots.walk(other, s.root()));
            assertEquals(BridgeFailure.NOT_FOUND, e.failure());
        }
    }
}
