package io.phoenix.protocol.p2p.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.HostContract;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.time.SystemScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The host contract on the in-memory network with real threads and time (its virtual-time twin: MemoryHostVirtualTimeTest). */
class MemoryHostTest extends HostContract {
    static final SystemScheduler REAL = new SystemScheduler();
    final MemoryNetwork net = new MemoryNetwork(REAL, 1024, Duration.ZERO);

    @Override
    protected Host newHost(IdentityKey key) {
        return net.newHost(key.peerId());
    }

    @Override
    protected int bufferedBytesBound() {
        return 1024;
    }

    @Test
    void latencyDelaysBytesAndEndOfStream() throws Exception {
        MemoryNetwork slow = new MemoryNetwork(REAL, 1024, Duration.ofMillis(150));
        MemoryHost a = slow.newHost(IdentityKey.generate(RANDOM).peerId());
        MemoryHost b = slow.newHost(IdentityKey.generate(RANDOM).peerId());
        b.setHandler("/echo", s -> s.input().transferTo(s.output()));
        a.connect(b.listenAddresses().get(0)).get();
        io.phoenix.protocol.p2p.Stream s = a.newStream(b.peerId(), java.util.List.of("/echo")).get();
        long t0 = System.nanoTime();
        s.output().write(new byte[3000]); // 3 windows of 1 KiB: more round trips of the sink
        s.closeWrite();
        byte[] back = s.input().readAllBytes();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(3000, back.length);
        assertTrue(ms >= 300, "two one-way trips at least, took " + ms + " ms");
        a.close();
        b.close();
    }

    @Test
    void addressesAreUniqueAndDirectionIsKnown() throws Exception {
        MemoryHost a = net.newHost(IdentityKey.generate(RANDOM).peerId());
        MemoryHost b = net.newHost(IdentityKey.generate(RANDOM).peerId());
        assertTrue(!a.listenAddresses().get(0).withoutPeer().equals(b.listenAddresses().get(0).withoutPeer()));
        a.connect(b.listenAddresses().get(0)).get();
        assertTrue(b.isInbound(a.peerId()) && !a.isInbound(b.peerId()));
        assertEquals(a.listenAddresses().get(0), b.remoteAddress(a.peerId()));
        a.close();
        b.close();
    }
}
