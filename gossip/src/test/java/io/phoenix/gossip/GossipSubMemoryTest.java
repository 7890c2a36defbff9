package io.phoenix.gossip;

import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.memory.MemoryNetwork;
import io.phoenix.protocol.time.SystemScheduler;

class GossipSubMemoryTest extends GossipSubContract {
    static final SystemScheduler REAL = new SystemScheduler();
    final MemoryNetwork net = new MemoryNetwork(REAL);

    @Override
    Host newHost(IdentityKey key) {
        return net.newHost(key.peerId());
    }
}
