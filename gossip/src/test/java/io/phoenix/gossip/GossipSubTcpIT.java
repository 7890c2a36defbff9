package io.phoenix.gossip;

import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.host.Libp2pHost;
import io.phoenix.protocol.p2p.host.Libp2pHostConfig;
import java.security.SecureRandom;

/** The same scenarios over real TCP + Noise + yamux on 127.0.0.1. */
class GossipSubTcpIT extends GossipSubContract {
    @Override
    Host newHost(IdentityKey key) throws Exception {
        Libp2pHost h = new Libp2pHost(key, Libp2pHostConfig.defaults(), scheduler, new SecureRandom());
        h.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
        return h;
    }
}
