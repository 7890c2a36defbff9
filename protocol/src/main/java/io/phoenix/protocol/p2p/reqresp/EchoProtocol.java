package io.phoenix.protocol.p2p.reqresp;

import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.StreamHandler;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.protocol.time.Task;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /phoenix/echo/1.0.0}: the dialer sends {@code uvarint}-length-prefixed frames and
 * half-closes; the listener echoes each frame the same way until the remote FIN, then closes its
 * side. Frames above 1 MiB reset the stream.
 */
public final class EchoProtocol {
    public static final String PROTOCOL_ID = "/phoenix/echo/1.0.0";
    public static final int MAX_FRAME = 1024 * 1024;

    private EchoProtocol() {}

    public static StreamHandler handler() {
        return stream -> {
            byte[] frame;
            while ((frame = LengthPrefixed.read(stream.input(), MAX_FRAME)) != null) {
                LengthPrefixed.write(stream.output(), frame);
            }
            stream.closeWrite();
        };
    }

    /** Sends {@code frames}, half-closes, and returns the frames echoed back (read on a thread of {@code scheduler}). */
    public static List<byte[]> echo(Scheduler scheduler, Stream stream, List<byte[]> frames) throws IOException {
        List<byte[]> back = new ArrayList<>();
        Task reader = scheduler.start("echo-reader", () -> {
            try {
                byte[] f;
                while ((f = LengthPrefixed.read(stream.input(), MAX_FRAME)) != null) back.add(f);
            } catch (IOException e) {
                stream.reset();
            }
        });
        for (byte[] f : frames) LengthPrefixed.write(stream.output(), f);
        stream.closeWrite();
        try {
            while (!reader.join(Duration.ofSeconds(1))) {
                // the reader ends at the remote's FIN or a reset
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.reset();
            throw new InterruptedIOException("interrupted waiting for echo");
        }
        stream.close();
        return back;
    }
}
