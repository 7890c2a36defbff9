package io.phoenix.protocol.p2p.tcp;

import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.P2pException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Plain blocking TCP sockets (callers run on virtual threads). Maps {@link Multiaddr}s to socket
 * addresses and back; {@code dns4}/{@code dns6}/{@code dns} names are resolved here.
 */
public final class TcpTransport {
    /** Socket buffer size asked for (the kernel may cap it). */
    public static final int SOCKET_BUFFER = 1 << 20;

    private TcpTransport() {}

    public static InetSocketAddress socketAddress(Multiaddr addr) {
        if (!addr.isTcp()) throw new P2pException("not a TCP multiaddr: " + addr, false);
        String host = addr.host();
        String proto = addr.components().get(0).protocol().name();
        try {
            InetAddress ip = switch (proto) {
                case "IP4", "IP6" -> InetAddress.getByAddress(addr.components().get(0).value());
                case "DNS4" -> first(InetAddress.getAllByName(host), 4, host);
                case "DNS6" -> first(InetAddress.getAllByName(host), 16, host);
                default -> InetAddress.getByName(host);
            };
            return new InetSocketAddress(ip, addr.tcpPort());
        } catch (UnknownHostException e) {
            throw new P2pException("cannot resolve " + host + ": " + e.getMessage(), true, e);
        }
    }

    private static InetAddress first(InetAddress[] all, int len, String host) throws UnknownHostException {
        for (InetAddress a : all) if (a.getAddress().length == len) return a;
        throw new UnknownHostException("no " + (len == 4 ? "IPv4" : "IPv6") + " address for " + host);
    }

    public static Socket dial(Multiaddr addr, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            configure(s);
            s.connect(socketAddress(addr), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public static ServerSocket listen(Multiaddr addr) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.setReceiveBufferSize(SOCKET_BUFFER);
        ss.bind(socketAddress(addr), 128);
        return ss;
    }

    public static void configure(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        s.setKeepAlive(true);
        s.setSendBufferSize(SOCKET_BUFFER);
        s.setReceiveBufferSize(SOCKET_BUFFER);
    }

    /**
     * The addresses a listener bound to {@code bound} is reachable on: itself, or for a wildcard
     * bind (0.0.0.0 / ::) every address of the same family on the interfaces that are up
     * (link-local IPv6 left out).
     */
    public static List<Multiaddr> expandWildcard(Multiaddr bound, InetAddress ip) {
        if (!ip.isAnyLocalAddress()) return List.of(bound);
        List<Multiaddr> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp()) continue;
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a.getAddress().length != ip.getAddress().length || a.isLinkLocalAddress()) continue;
                    out.add(Multiaddr.tcp(a, bound.tcpPort()));
                }
            }
        } catch (SocketException e) {
            return List.of(bound);
        }
        return out.isEmpty() ? List.of(bound) : out;
    }

    public static Multiaddr remoteAddress(Socket s) {
        return Multiaddr.tcp(s.getInetAddress(), s.getPort());
    }

    public static Multiaddr localAddress(ServerSocket ss) {
        return Multiaddr.tcp(ss.getInetAddress(), ss.getLocalPort());
    }
}
