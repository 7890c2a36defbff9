package io.phoenix.bridge;

import io.phoenix.protocol.testing.MapBlockStore;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.arweave.Arlocal;
import io.phoenix.bridge.arweave.ArweaveBridge;
import io.phoenix.bridge.arweave.ArweaveConfig;
import io.phoenix.bridge.arweave.ArweaveWallet;
import io.phoenix.bridge.car.CarBridge;
import io.phoenix.bridge.ipfs.IpfsBridge;
import io.phoenix.bridge.ipfs.IpfsGateway;
import io.phoenix.bridge.ipfs.JsIpfsNode;
import io.phoenix.bridge.s3.S3BlockStore;
import io.phoenix.bridge.s3.S3ProxyServer;
import io.phoenix.protocol.multiformats.Cid;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push and restore throughput of each bridge on 1 MiB-ish blocks (opt-in:
 * {@code -Dphoenix.throughput=true}; sizes with {@code -Dphoenix.throughput.mb=N}). Prints one
 * line per bridge; every restore is checked byte for byte.
 */
class BridgeThroughputIT {
    @TempDir
    Path dir;

    static int megabytes() {
        return Integer.getInteger("phoenix.throughput.mb", 64);
    }

    @BeforeEach
    void optIn() {
        Assumptions.assumeTrue(Boolean.getBoolean("phoenix.throughput"), "throughput runs are opt-in");
    }

    private static Snapshot snapshot(MapBlockStore store, int mb) throws Exception {
        return TestSnapshots.manifest(store, 42, mb, 900 * 1024, 1024 * 1024);
    }

    private static void measure(String what, Bridge bridge, int mb) throws Exception {
        MapBlockStore local = new MapBlockStore();
        Snapshot s = snapshot(local, mb);
        long bytes = TestSnapshots.blocks(s).stream().mapToLong(local::size).sum();
        PushReport push = bridge.push(s);
        assertTrue(push.state().complete(), push.toString());
        MapBlockStore fresh = new MapBlockStore();
        RestoreReport restore = new BridgeRestore(4).restore(bridge, s.root(), fresh);
        for (Cid cid : TestSnapshots.blocks(s)) assertArrayEquals(local.get(cid), fresh.get(cid));
        System.out.printf("THROUGHPUT %-8s %6.1f MB in %4d blocks: push %7.2f MB/s (%s), restore %7.2f MB/s (%s)%n", what,
                bytes / 1e6, TestSnapshots.blocks(s).size(), bytes / 1e6 / (push.elapsed().toNanos() / 1e9), push.elapsed(),
                bytes / 1e6 / (restore.elapsed().toNanos() / 1e9), restore.elapsed());
    }

    @Test
    void car() throws Exception {
        measure("car", new CarBridge(dir, TestSnapshots.LAYOUT), megabytes());
    }

    @Test
    void ipfs() throws Exception {
        JsIpfsNode node = JsIpfsNode.shared();
        try (IpfsBridge ipfs = new IpfsBridge(node.config(), TestSnapshots.LAYOUT)) {
            measure("ipfs", ipfs, megabytes());
            // raw blocks over the gateway
            MapBlockStore local = new MapBlockStore();
            Snapshot s = snapshot(local, megabytes());
            ipfs.push(s);
            AtomicLong bytes = new AtomicLong();
            long t0 = System.nanoTime();
            try (IpfsGateway gw = new IpfsGateway(node.gateway(), Duration.ofSeconds(30))) {
                Parallel.forEach(TestSnapshots.blocks(s).stream().filter(c -> c.codec() == Cid.RAW).toList(), 4, cid -> bytes.addAndGet(gw.get(cid).length));
            }
            System.out.printf("THROUGHPUT %-8s %6.1f MB raw blocks read over the gateway: %7.2f MB/s%n", "ipfs-gw", bytes.get() / 1e6,
                    bytes.get() / 1e6 / ((System.nanoTime() - t0) / 1e9));
        }
    }

    @Test
    void arweave() throws Exception {
        try (Arlocal arlocal = Arlocal.start()) {
            ArweaveWallet wallet = ArweaveWallet.generate(new SecureRandom());
            arlocal.mint(wallet.address(), new BigInteger("1000000000000000000000"));
            arlocal.startMining();
            ArweaveConfig config = ArweaveConfig.of(arlocal.gateway(), "bench", new BigInteger("1000000000000000000000"))
                    .withConfirmation(1, Duration.ofMillis(100), Duration.ofMinutes(5));
            try (ArweaveBridge b = new ArweaveBridge(config, wallet, TestSnapshots.LAYOUT)) {
                measure("arweave", b, Math.min(megabytes(), 32));
            }
        }
    }

    @Test
    void s3() throws Exception {
        try (S3ProxyServer server = S3ProxyServer.start()) {
            S3BlockStore store = new S3BlockStore(server.config("bench", "b/"));
            software.amazon.awssdk.services.s3.S3Client admin = software.amazon.awssdk.services.s3.S3Client.builder()
                    .endpointOverride(server.endpoint()).forcePathStyle(true).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL)))
                    .build();
            admin.createBucket(r -> r.bucket("bench"));
            MapBlockStore local = new MapBlockStore();
            Snapshot s = snapshot(local, megabytes());
            long bytes = TestSnapshots.blocks(s).stream().mapToLong(local::size).sum();
            long t0 = System.nanoTime();
            Parallel.forEach(TestSnapshots.blocks(s), 4, cid -> {
                try {
                    store.put(cid, local.get(cid));
                } catch (java.io.IOException e) {
                    throw new BridgeException(BridgeFailure.LOCAL, e.getMessage(), e);
                }
            });
            long t1 = System.nanoTime();
            Parallel.forEach(TestSnapshots.blocks(s), 4, cid -> {
                try {
                    assertArrayEquals(local.get(cid), store.get(cid));
                } catch (java.io.IOException e) {
                    throw new BridgeException(BridgeFailure.LOCAL, e.getMessage(), e);
                }
            });
            long t2 = System.nanoTime();
            System.out.printf("THROUGHPUT %-8s %6.1f MB in %4d blocks: put %7.2f MB/s, get %7.2f MB/s (4 threads)%n", "s3",
                    bytes / 1e6, TestSnapshots.blocks(s).size(), bytes / 1e6 / ((t1 - t0) / 1e9), bytes / 1e6 / ((t2 - t1) / 1e9));
            assertEquals(TestSnapshots.blocks(s).size(), TestSnapshots.blocks(s).stream().filter(c -> {
                try {
                    return store.has(c);
                } catch (java.io.IOException e) {
                    return false;
                }
            }).count());
            store.close();
            admin.close();
        }
    }
}
