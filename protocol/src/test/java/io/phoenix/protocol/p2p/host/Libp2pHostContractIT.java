package io.phoenix.protocol.p2p.host;

import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.HostContract;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.time.SystemScheduler;

/** The Host contract over TCP + Noise + yamux on 127.0.0.1. */
class Libp2pHostContractIT extends HostContract {
    private static final SystemScheduler SCHEDULER = new SystemScheduler();

    @Override
    protected Host newHost(IdentityKey key) throws Exception {
        Libp2pHost h = new Libp2pHost(key, Libp2pHostConfig.defaults(), SCHEDULER, RANDOM);
        h.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
        return h;
    }

    @Override
    protected int bufferedBytesBound() {
        return 4 * 1024 * 1024; // 256 KiB yamux window plus loopback socket buffers
    }
}
