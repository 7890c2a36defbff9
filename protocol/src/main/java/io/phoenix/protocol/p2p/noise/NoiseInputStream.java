package io.phoenix.protocol.p2p.noise;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Noise transport frames in, plaintext out. Decrypts one frame at a time into a reused buffer;
 * a bad tag or a truncated frame throws ({@link NoiseException} / {@link EOFException}); a clean
 * end of the socket between frames is end-of-stream. Not thread-safe (one reader).
 */
public final class NoiseInputStream extends InputStream {
    private final InputStream in;
    private final NoiseCipherState cipher;
    private final byte[] cipherBuf = new byte[NoiseOutputStream.MAX_FRAME];
    private final byte[] plain = new byte[NoiseOutputStream.MAX_FRAME];
    private int pos;
    private int lim;
    private boolean eof;

    NoiseInputStream(InputStream in, NoiseCipherState cipher) {
        this.in = in;
        this.cipher = cipher;
    }

    private boolean fill() throws IOException {
        while (pos == lim) {
            if (eof) return false;
            int hi = in.read();
            if (hi < 0) {
                eof = true;
                return false;
            }
            int lo = in.read();
            if (lo < 0) throw new EOFException("truncated Noise frame length");
            int n = (hi << 8) | lo;
            if (in.readNBytes(cipherBuf, 0, n) != n) throw new EOFException("truncated Noise frame");
            lim = cipher.decrypt(null, cipherBuf, 0, n, plain, 0);
            pos = 0;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) return -1;
        return plain[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!fill()) return -1;
        int c = Math.min(len, lim - pos);
        System.arraycopy(plain, pos, b, off, c);
        pos += c;
        return c;
    }

    @Override
    public int available() {
        return lim - pos;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
