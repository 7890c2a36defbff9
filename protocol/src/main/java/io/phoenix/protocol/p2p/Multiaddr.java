package io.phoenix.protocol.p2p;

/**
 * A multiaddr (ip4, ip6, tcp, dns4, dns6, p2p), text and binary forms.
 *
 * <p>Skeleton: the transport work (issue 2) replaces this with the full codec.
 */
public final class Multiaddr {
    private final String text;

    private Multiaddr(String text) {
        this.text = text;
    }

    public static Multiaddr parse(String text) {
        return new Multiaddr(text);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multiaddr m && m.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
