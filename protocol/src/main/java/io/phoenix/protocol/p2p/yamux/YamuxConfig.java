package io.phoenix.protocol.p2p.yamux;

import java.time.Duration;

/**
 * Yamux limits. {@code receiveWindow} is the per-stream window this side grants (the spec's
 * initial 256 KiB is always assumed at open; a larger value is granted with the SYN/ACK window
 * update). {@code maxStreams} bounds concurrently open streams per session (inbound SYNs beyond it
 * are answered with RST). {@code keepAlive} is the Ping interval; a Ping unanswered for one interval
 * closes the session. {@code closeTimeout}: how long a locally closed stream waits for the remote
 * FIN before it is reset.
 */
public record YamuxConfig(int receiveWindow, int maxStreams, Duration keepAlive, Duration closeTimeout) {
    public static final String PROTOCOL_ID = "/yamux/1.0.0";
    public static final int INITIAL_WINDOW = 256 * 1024;
    /** Largest window we grant or accept (also caps one data frame). */
    public static final int MAX_WINDOW = 16 * 1024 * 1024;

    public YamuxConfig {
        if (receiveWindow < INITIAL_WINDOW || receiveWindow > MAX_WINDOW) throw new IllegalArgumentException("receiveWindow out of range");
        if (maxStreams < 1) throw new IllegalArgumentException("maxStreams < 1");
    }

    public static YamuxConfig defaults() {
        return new YamuxConfig(INITIAL_WINDOW, 1024, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    public YamuxConfig withReceiveWindow(int bytes) {
        return new YamuxConfig(bytes, maxStreams, keepAlive, closeTimeout);
    }

    public YamuxConfig withMaxStreams(int n) {
        return new YamuxConfig(receiveWindow, n, keepAlive, closeTimeout);
    }

    public YamuxConfig withKeepAlive(Duration d) {
        return new YamuxConfig(receiveWindow, maxStreams, d, closeTimeout);
    }
}
