package io.phoenix.protocol.p2p.reqresp;

import io.phoenix.protocol.multiformats.Varint;
import io.phoenix.protocol.p2p.P2pException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** {@code uvarint(len) ‖ bytes} frames on a stream, with a size limit checked before allocating. */
public final class LengthPrefixed {
    private LengthPrefixed() {}

    /** Reads one frame; null on a clean end of stream before the frame starts. */
    public static byte[] read(InputStream in, int maxBytes) throws IOException {
        long len = 0;
        for (int i = 0; ; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) return null;
                throw new EOFException("truncated length prefix");
            }
            if (i == 4) throw new P2pException("length prefix longer than 4 bytes", false);
            if (b == 0 && i > 0) throw new P2pException("non-minimal length prefix", false);
            len |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) break;
        }
        if (len > maxBytes) throw new P2pException("frame of " + len + " bytes exceeds the limit of " + maxBytes, false);
        byte[] data = in.readNBytes((int) len);
        if (data.length != len) throw new EOFException("truncated frame: " + data.length + " of " + len + " bytes");
        return data;
    }

    /** Writes one frame in a single write call (one yamux data frame when small) and flushes. */
    public static void write(OutputStream out, byte[] data) throws IOException {
        byte[] f = new byte[Varint.size(data.length) + data.length];
        int o = Varint.write(data.length, f, 0);
        System.arraycopy(data, 0, f, o, data.length);
        out.write(f);
        out.flush();
    }
}
