package io.phoenix.protocol.p2p;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Varint;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A multiaddr limited to the protocols Phoenix uses: {@code ip4} (4), {@code tcp} (6),
 * {@code ip6} (41), {@code dns} (53), {@code dns4} (54), {@code dns6} (55), {@code p2p} (421).
 * Text form {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…}; binary form is the concatenation of
 * {@code uvarint(code) ‖ value} with length-prefixed values for dns and p2p. Immutable; equality
 * is by the binary form.
 */
public final class Multiaddr {
    /** Largest binary or text form accepted. */
    public static final int MAX_BYTES = 1024;
    private static final int MAX_COMPONENTS = 16;

    /** One protocol component: its protocol and value bytes (binary form). */
    public record Component(Protocol protocol, byte[] value) {
        public Component {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Component c && c.protocol == protocol && Arrays.equals(c.value, value);
        }

        @Override
        public int hashCode() {
            return protocol.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "/" + protocol.text + "/" + protocol.valueText(value);
        }
    }

    /** Supported multiaddr protocols. Size -1 = varint length-prefixed value. */
    public enum Protocol {
        IP4(4, "ip4", 4), TCP(6, "tcp", 2), IP6(41, "ip6", 16), DNS(53, "dns", -1),
        DNS4(54, "dns4", -1), DNS6(55, "dns6", -1), P2P(421, "p2p", -1);

        final int code;
        final String text;
        final int size;

        Protocol(int code, String text, int size) {
            this.code = code;
            this.text = text;
            this.size = size;
        }

        public int code() {
            return code;
        }

        static Protocol ofCode(long code) {
            for (Protocol p : values()) if (p.code == code) return p;
            throw new FormatException("unsupported multiaddr protocol code " + code);
        }

        static Protocol ofText(String text) {
            for (Protocol p : values()) if (p.text.equals(text)) return p;
            if (text.equals("ipfs")) return P2P;
            throw new FormatException("unsupported multiaddr protocol '" + text + "'");
        }

        byte[] parseValue(String s) {
            return switch (this) {
                case IP4 -> parseIp4(s);
                case IP6 -> parseIp6(s);
                case TCP -> {
                    if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) throw new FormatException("bad tcp port '" + s + "'");
                    int port = Integer.parseInt(s);
                    if (port > 65535) throw new FormatException("tcp port out of range: " + s);
                    yield new byte[] {(byte) (port >> 8), (byte) port};
                }
                case DNS, DNS4, DNS6 -> {
                    if (s.isEmpty() || s.length() > 255) throw new FormatException("bad dns name length");
                    for (char c : s.toCharArray()) {
                        if (c <= ' ' || c == '/' || c > '~') throw new FormatException("bad character in dns name '" + s + "'");
                    }
                    yield s.getBytes(StandardCharsets.US_ASCII);
                }
                case P2P -> PeerId.parse(s).toBytes();
            };
        }

        String valueText(byte[] v) {
            return switch (this) {
                case IP4 -> (v[0] & 0xFF) + "." + (v[1] & 0xFF) + "." + (v[2] & 0xFF) + "." + (v[3] & 0xFF);
                case IP6 -> formatIp6(v);
                case TCP -> Integer.toString(((v[0] & 0xFF) << 8) | (v[1] & 0xFF));
                case DNS, DNS4, DNS6 -> new String(v, StandardCharsets.US_ASCII);
                case P2P -> PeerId.fromBytes(v).toString();
            };
        }

        void checkValue(byte[] v) {
            if (size >= 0 && v.length != size) throw new FormatException(text + " value must be " + size + " bytes");
            if (this == P2P) PeerId.fromBytes(v);
            if (this == DNS || this == DNS4 || this == DNS6) parseValue(new String(v, StandardCharsets.US_ASCII));
        }
    }

    private final List<Component> components;
    private final byte[] bytes;

    private Multiaddr(List<Component> components) {
        if (components.isEmpty()) throw new FormatException("empty multiaddr");
        if (components.size() > MAX_COMPONENTS) throw new FormatException("multiaddr has more than " + MAX_COMPONENTS + " components");
        this.components = List.copyOf(components);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Component c : components) {
            Varint.write(c.protocol.code, out);
            if (c.protocol.size < 0) Varint.write(c.value.length, out);
            out.writeBytes(c.value);
        }
        this.bytes = out.toByteArray();
        if (bytes.length > MAX_BYTES) throw new FormatException("multiaddr longer than " + MAX_BYTES + " bytes");
    }

    public static Multiaddr of(List<Component> components) {
        return new Multiaddr(components);
    }

    public static Multiaddr parse(String text) {
        if (text == null || text.isEmpty()) throw new FormatException("empty multiaddr");
        if (text.length() > MAX_BYTES) throw new FormatException("multiaddr text too long");
        if (text.charAt(0) != '/') throw new FormatException("multiaddr must start with '/': " + text);
        String[] parts = text.substring(1).split("/", -1);
        if (parts.length > 1 && parts[parts.length - 1].isEmpty()) parts = Arrays.copyOf(parts, parts.length - 1);
        List<Component> out = new ArrayList<>();
        try {
            for (int i = 0; i < parts.length; i++) {
                Protocol p = Protocol.ofText(parts[i]);
                if (++i >= parts.length) throw new FormatException("missing value for /" + p.text);
                out.add(new Component(p, p.parseValue(parts[i])));
            }
            return new Multiaddr(out);
        } catch (FormatException e) {
            throw new FormatException("invalid multiaddr '" + text + "': " + e.getMessage(), e);
        }
    }

    public static Multiaddr fromBytes(byte[] bytes) {
        if (bytes.length == 0) throw new FormatException("empty multiaddr");
        if (bytes.length > MAX_BYTES) throw new FormatException("multiaddr longer than " + MAX_BYTES + " bytes");
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        List<Component> out = new ArrayList<>();
        while (buf.hasRemaining()) {
            Protocol p = Protocol.ofCode(Varint.read(buf));
            long len = p.size >= 0 ? p.size : Varint.read(buf);
            if (len > buf.remaining()) throw new FormatException("truncated /" + p.text + " value");
            byte[] v = new byte[(int) len];
            buf.get(v);
            p.checkValue(v);
            out.add(new Component(p, v));
            if (out.size() > MAX_COMPONENTS) throw new FormatException("multiaddr has more than " + MAX_COMPONENTS + " components");
        }
        return new Multiaddr(out);
    }

    /** {@code /ip4|ip6/<address>/tcp/<port>}. */
    public static Multiaddr tcp(InetAddress address, int port) {
        byte[] a = address.getAddress();
        Protocol p = a.length == 4 ? Protocol.IP4 : Protocol.IP6;
        return new Multiaddr(List.of(new Component(p, a), new Component(Protocol.TCP, new byte[] {(byte) (port >> 8), (byte) port})));
    }

    public List<Component> components() {
        return components;
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The peer id of the last {@code /p2p/} component, or null. */
    public PeerId peerId() {
        Component last = components.get(components.size() - 1);
        return last.protocol == Protocol.P2P ? PeerId.fromBytes(last.value) : null;
    }

    /** This address without a trailing {@code /p2p/} component. */
    public Multiaddr withoutPeer() {
        if (peerId() == null) return this;
        if (components.size() == 1) throw new FormatException("multiaddr is only /p2p/");
        return new Multiaddr(components.subList(0, components.size() - 1));
    }

    /** This address ending in {@code /p2p/<peer>} (replacing an existing one). */
    public Multiaddr withPeer(PeerId peer) {
        List<Component> out = new ArrayList<>(components.size() == 1 && peerId() != null ? List.of() : withoutPeer().components);
        out.add(new Component(Protocol.P2P, peer.toBytes()));
        return new Multiaddr(out);
    }

    /** Host text (IP literal or DNS name) of the first component, or null if it is not ip/dns. */
    public String host() {
        Component first = components.get(0);
        return switch (first.protocol) {
            case IP4, IP6, DNS, DNS4, DNS6 -> first.protocol.valueText(first.value);
            default -> null;
        };
    }

    /** The tcp port, or -1. */
    public int tcpPort() {
        for (Component c : components) {
            if (c.protocol == Protocol.TCP) return Integer.parseInt(Protocol.TCP.valueText(c.value));
        }
        return -1;
    }

    /** True for an ip4/ip6/dns address followed by tcp (and optionally p2p). */
    public boolean isTcp() {
        int n = components.size() - (peerId() != null ? 1 : 0);
        return n == 2 && host() != null && components.get(1).protocol == Protocol.TCP;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Component c : components) sb.append(c);
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multiaddr m && Arrays.equals(m.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    private static byte[] parseIp4(String s) {
        String[] p = s.split("\\.", -1);
        if (p.length != 4) throw new FormatException("bad ip4 address '" + s + "'");
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (p[i].isEmpty() || p[i].length() > 3 || !p[i].chars().allMatch(Character::isDigit)
                    || (p[i].length() > 1 && p[i].charAt(0) == '0')) {
                throw new FormatException("bad ip4 address '" + s + "'");
            }
            int v = Integer.parseInt(p[i]);
            if (v > 255) throw new FormatException("bad ip4 address '" + s + "'");
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseIp6(String s) {
        if (s.isEmpty() || s.length() > 45 || s.indexOf(':') < 0) throw new FormatException("bad ip6 address '" + s + "'");
        for (char c : s.toCharArray()) {
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) throw new FormatException("bad ip6 address '" + s + "'");
        }
        try {
            InetAddress a = InetAddress.getByName(s); // a literal containing ':' never triggers a DNS lookup
            byte[] raw = a.getAddress();
            if (a instanceof Inet4Address) { // IPv4-mapped literal: keep the 16-byte form
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(raw, 0, mapped, 12, 4);
                return mapped;
            }
            return raw;
        } catch (UnknownHostException e) {
            throw new FormatException("bad ip6 address '" + s + "'", e);
        }
    }

    /** RFC 5952 text: lower-case hex, the longest run (≥ 2) of zero groups as {@code ::}. */
    static String formatIp6(byte[] v) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((v[2 * i] & 0xFF) << 8) | (v[2 * i + 1] & 0xFF);
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
