package io.phoenix.protocol.p2p.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.HostContract;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import org.junit.jupiter.api.Test;

class MemoryHostTest extends HostContract {
    final MemoryNetwork net = new MemoryNetwork(1024);

    @Override
    protected Host newHost(IdentityKey key) {
        return net.newHost(key.peerId());
    }

    @Override
    protected int bufferedBytesBound() {
        return 1024;
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
