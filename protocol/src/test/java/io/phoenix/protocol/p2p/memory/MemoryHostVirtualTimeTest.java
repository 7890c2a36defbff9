package io.phoenix.protocol.p2p.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.HostContract;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The host contract on a memory network in virtual time (the test's thread calls in from outside), and latency measured exactly. */
class MemoryHostVirtualTimeTest extends HostContract {
    final VirtualScheduler virtual = new VirtualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
    final MemoryNetwork net = new MemoryNetwork(virtual, 1024, Duration.ZERO);

    @AfterEach
    void stopClock() {
        virtual.close();
    }

    @Override
    protected Host newHost(IdentityKey key) {
        return net.newHost(key.peerId());
    }

    @Override
    protected int bufferedBytesBound() {
        return 1024;
    }

    /** Sends {@code bytes} through an echo over a 150 ms link and returns the virtual time it took. */
    static long echoNanos(int bytes) throws Exception {
        try (VirtualScheduler v = new VirtualScheduler(Instant.EPOCH)) {
            MemoryNetwork slow = new MemoryNetwork(v, 1024, Duration.ofMillis(150));
            MemoryHost a = slow.newHost(IdentityKey.generate(RANDOM).peerId());
            MemoryHost b = slow.newHost(IdentityKey.generate(RANDOM).peerId());
            b.setHandler("/echo", s -> s.input().transferTo(s.output()));
            a.connect(b.listenAddresses().get(0)).get();
            CompletableFuture<Long> took = new CompletableFuture<>();
            v.start("client", () -> {
                try {
                    Stream s = a.newStream(b.peerId(), List.of("/echo")).get();
                    long t0 = v.nanoTime();
                    s.output().write(new byte[bytes]);
                    s.closeWrite();
                    assertEquals(bytes, s.input().readAllBytes().length);
                    took.complete(v.nanoTime() - t0);
                } catch (Exception | Error e) {
                    took.completeExceptionally(e);
                }
            });
            long nanos = v.get(took, Duration.ofSeconds(20));
            a.close();
            b.close();
            return nanos;
        }
    }

    @Test
    void latencyIsExactInVirtualTime() throws Exception {
        // one window of 1 KiB: out and back is exactly two one-way trips
        assertEquals(Duration.ofMillis(300).toNanos(), echoNanos(1000));
        // three windows: 1 KiB leaves at 0, 150 and 300 ms (each when the echo has taken the one
        // before); the echo's answers queue until the client reads from 300 ms on, so the last
        // bytes come back at 450 + 150 ms. The same every run.
        long three = echoNanos(3000);
        assertEquals(Duration.ofMillis(600).toNanos(), three);
        assertEquals(three, echoNanos(3000));
    }
}
