package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScratchMemTest extends BlockExchangeMemoryTest {
    @Test
    void daemonLike() throws Exception {
        FetchConfig daemon = new FetchConfig(1, 64, 32L << 20, 500, 2_000, 60_000, 512 * 1024, 1_000, 16.0);
        ExchangeOptions opts = new ExchangeOptions(4_000_000, 0, 256 * 1024, daemon);
        var def = swarm(11);
        var nodes = network(11, def, opts, -1);
        connectAll(nodes);
        Random r = new Random(5);
        List<byte[]> blocks = new ArrayList<>();
        for (int i = 0; i < 64; i++) { byte[] b = new byte[512 * 1024]; r.nextBytes(b); blocks.add(b); }
        List<FetchScheduler.Wanted> idx = new ArrayList<>();
        for (int i = 0; i < 64; i++) idx.add(new FetchScheduler.Wanted(Cid.ofRaw(blocks.get(i)), i < 32 ? 1 : i < 51 ? 2 : 3, -1));
        Cid manifest = Cid.ofRaw("m".getBytes());
        for (byte[] b : blocks) nodes.get(0).store().put(Cid.ofRaw(b), b);
        nodes.get(0).exchange().register(manifest, idx.stream().map(FetchScheduler.Wanted::cid).toList());
        long t0 = System.nanoTime();
        System.err.println("TRACE " + t0 / 1_000_000 + " start origin=" + nodes.get(0).host().peerId());
        List<CompletableFuture<FetchResult>> results = new ArrayList<>();
        for (var n : nodes.subList(1, 11)) results.add(n.exchange().fetch(manifest, idx));
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        double ratio = nodes.get(0).exchange().uploadedBytes() / (64.0 * 512 * 1024);
        System.err.printf("RESULT origin %.2fx in %d ms%n", ratio, (System.nanoTime() - t0) / 1_000_000);
    }
}
