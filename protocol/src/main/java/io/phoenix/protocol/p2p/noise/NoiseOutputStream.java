package io.phoenix.protocol.p2p.noise;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Plaintext in, Noise transport frames out: {@code u16be(len) ‖ ChaChaPoly(plaintext)}. Buffers up
 * to {@link #MAX_PLAINTEXT} bytes and emits one frame per {@link #flush()} (or when full), written
 * to the socket in a single call. Reuses its buffers; not thread-safe (callers serialise writes).
 */
public final class NoiseOutputStream extends OutputStream {
    public static final int MAX_FRAME = 65535;
    public static final int MAX_PLAINTEXT = MAX_FRAME - NoiseCipherState.TAG;
    private final OutputStream out;
    private final NoiseCipherState cipher;
    private final byte[] plain = new byte[MAX_PLAINTEXT];
    private final byte[] frame = new byte[2 + MAX_FRAME];
    private int len;

    NoiseOutputStream(OutputStream out, NoiseCipherState cipher) {
        this.out = out;
        this.cipher = cipher;
    }

    @Override
    public void write(int b) throws IOException {
        if (len == MAX_PLAINTEXT) emit();
        plain[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
        while (n > 0) {
            if (len == MAX_PLAINTEXT) emit();
            int c = Math.min(n, MAX_PLAINTEXT - len);
            System.arraycopy(b, off, plain, len, c);
            len += c;
            off += c;
            n -= c;
        }
    }

    /** Room left in the current frame before it is emitted. */
    public int remainingInFrame() {
        return MAX_PLAINTEXT - len;
    }

    /**
     * Emits {@code header ‖ payload} (after any buffered bytes, when they fit) as one Noise frame,
     * encrypting straight from the caller's arrays (no plaintext copy), then flushes.
     */
    public void writeFrame(byte[] header, int hlen, byte[] payload, int off, int n) throws IOException {
        if (hlen + n > MAX_PLAINTEXT) throw new IllegalArgumentException("frame larger than one Noise message");
        if (len + hlen + n > MAX_PLAINTEXT) emit();
        int c = cipher.encrypt3(plain, len, header, hlen, payload, off, n, frame, 2);
        frame[0] = (byte) (c >>> 8);
        frame[1] = (byte) c;
        out.write(frame, 0, 2 + c);
        len = 0;
        out.flush();
    }

    private void emit() throws IOException {
        int c = cipher.encrypt(null, plain, 0, len, frame, 2);
        frame[0] = (byte) (c >>> 8);
        frame[1] = (byte) c;
        out.write(frame, 0, 2 + c);
        len = 0;
    }

    @Override
    public void flush() throws IOException {
        if (len > 0) emit();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
