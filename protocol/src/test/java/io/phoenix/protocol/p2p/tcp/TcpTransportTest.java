package io.phoenix.protocol.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.P2pException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpTransportTest {
    @Test
    void wildcardBindIsExpandedToConcreteAddresses() throws Exception {
        Multiaddr wildcard = Multiaddr.parse("/ip4/0.0.0.0/tcp/4001");
        List<Multiaddr> addrs = TcpTransport.expandWildcard(wildcard, InetAddress.getByName("0.0.0.0"));
        assertTrue(addrs.contains(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")), addrs.toString());
        assertTrue(addrs.stream().noneMatch(a -> a.host().equals("0.0.0.0")), addrs.toString());
        Multiaddr concrete = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
        assertEquals(List.of(concrete), TcpTransport.expandWildcard(concrete, InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void socketAddressesOfMultiaddrs() {
        assertEquals(4001, TcpTransport.socketAddress(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")).getPort());
        assertEquals("::1", TcpTransport.socketAddress(Multiaddr.parse("/ip6/::1/tcp/1")).getAddress().getHostAddress().replace("0:0:0:0:0:0:0:1", "::1"));
        assertThrows(P2pException.class, () -> TcpTransport.socketAddress(Multiaddr.parse("/ip4/127.0.0.1")));
    }
}
