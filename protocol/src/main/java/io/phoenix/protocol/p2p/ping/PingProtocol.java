package io.phoenix.protocol.p2p.ping;

import io.phoenix.protocol.p2p.P2pException;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.StreamHandler;
import java.io.EOFException;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/** {@code /ipfs/ping/1.0.0}: 32 random bytes, echoed verbatim; several pings may share one stream. */
public final class PingProtocol {
    public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";
    public static final int SIZE = 32;
    /** Pings served on one stream before the responder closes it. */
    public static final int MAX_PER_STREAM = 1024;

    private PingProtocol() {}

    public static StreamHandler handler() {
        return stream -> {
            byte[] b = new byte[SIZE];
            for (int i = 0; i < MAX_PER_STREAM; i++) {
                int n = stream.input().readNBytes(b, 0, SIZE);
                if (n == 0) break;
                if (n < SIZE) throw new EOFException("truncated ping");
                stream.output().write(b);
                stream.output().flush();
            }
            stream.closeWrite();
        };
    }

    /** One ping on an open stream; returns the round-trip time measured with {@code nanoTime} (a scheduler's). */
    public static Duration ping(Stream stream, SecureRandom random, LongSupplier nanoTime) throws IOException {
        byte[] b = new byte[SIZE];
        random.nextBytes(b);
        long t = nanoTime.getAsLong();
        stream.output().write(b);
        stream.output().flush();
        byte[] back = stream.input().readNBytes(SIZE);
        long rtt = nanoTime.getAsLong() - t;
        if (!Arrays.equals(b, back)) throw new P2pException("ping answer does not match", false);
        return Duration.ofNanos(rtt);
    }
}
