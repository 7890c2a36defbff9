package io.phoenix.protocol.swarm;

import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import java.util.List;
import java.util.Objects;

/** One site of a swarm: a name, the node's peer id, where to dial it, and its role. */
public record Site(String name, PeerId peerId, List<Multiaddr> addresses, SiteRole role) {
    public Site {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(role, "role");
        addresses = List.copyOf(addresses);
    }
}
