package io.phoenix.protocol.p2p.host;

import io.phoenix.protocol.p2p.yamux.YamuxConfig;
import java.time.Duration;

/**
 * Host limits and behaviour. {@code maxConnections}: established connections (inbound beyond it
 * are closed at once, dials fail retryably); {@code maxPendingHandshakes}: TCP connections still
 * in multistream/Noise; {@code handshakeTimeout}: whole upgrade deadline; {@code negotiationTimeout}:
 * multistream-select on a new stream; {@code earlyMuxer}: advertise {@code /yamux/1.0.0} in the
 * Noise payload (else the muxer is negotiated with multistream-select).
 */
public record Libp2pHostConfig(int maxConnections, int maxPendingHandshakes, Duration dialTimeout, Duration handshakeTimeout,
                               Duration negotiationTimeout, boolean earlyMuxer, YamuxConfig yamux, Backoff reconnect,
                               String agentVersion) {
    public static Libp2pHostConfig defaults() {
        return new Libp2pHostConfig(256, 64, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10), true,
                YamuxConfig.defaults(), Backoff.defaults(), "phoenix/0.1.0");
    }

    public Libp2pHostConfig withEarlyMuxer(boolean on) {
        return new Libp2pHostConfig(maxConnections, maxPendingHandshakes, dialTimeout, handshakeTimeout, negotiationTimeout, on, yamux, reconnect, agentVersion);
    }

    public Libp2pHostConfig withYamux(YamuxConfig y) {
        return new Libp2pHostConfig(maxConnections, maxPendingHandshakes, dialTimeout, handshakeTimeout, negotiationTimeout, earlyMuxer, y, reconnect, agentVersion);
    }

    public Libp2pHostConfig withLimits(int connections, int pendingHandshakes) {
        return new Libp2pHostConfig(connections, pendingHandshakes, dialTimeout, handshakeTimeout, negotiationTimeout, earlyMuxer, yamux, reconnect, agentVersion);
    }

    public Libp2pHostConfig withTimeouts(Duration dial, Duration handshake, Duration negotiation) {
        return new Libp2pHostConfig(maxConnections, maxPendingHandshakes, dial, handshake, negotiation, earlyMuxer, yamux, reconnect, agentVersion);
    }

    public Libp2pHostConfig withReconnect(Backoff b) {
        return new Libp2pHostConfig(maxConnections, maxPendingHandshakes, dialTimeout, handshakeTimeout, negotiationTimeout, earlyMuxer, yamux, b, agentVersion);
    }
}
