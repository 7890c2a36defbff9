package io.phoenix.gossip;

import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.memory.MemoryNetwork;

class GossipSubMemoryTest extends GossipSubContract {
    final MemoryNetwork net = new MemoryNetwork();

    @Override
    Host newHost(IdentityKey key) {
        return net.newHost(key.peerId());
    }
}
