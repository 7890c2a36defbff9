package io.phoenix.protocol.exchange;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code uvarint(length) ‖ payload} framing, as used by Phoenix's stream protocols. The reader
 * rejects a length above the caller's limit before allocating anything.
 */
public final class Frames {
    private Frames() {}

    /** Reads one frame; null on a clean end of stream before the first length byte. */
    public static byte[] read(InputStream in, int maxLength) throws IOException {
        long length = 0;
        for (int i = 0; ; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) return null;
                throw new EOFException("stream ended inside a frame length");
            }
            if (i == 9) throw new ProtocolViolationException("frame length varint longer than 9 bytes");
            if (b == 0 && i > 0) throw new ProtocolViolationException("non-minimal frame length varint");
            length |= (long) (b & 0x7F) << (7 * i);
            if (length > maxLength) {
                throw new ProtocolViolationException("frame of " + (b >= 0x80 ? "at least " : "") + length
                        + " bytes exceeds the limit of " + maxLength);
            }
            if ((b & 0x80) == 0) break;
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length != length) {
            throw new EOFException("stream ended after " + payload.length + " of " + length + " frame bytes");
        }
        return payload;
    }

    /** Writes one frame (does not flush). */
    public static void write(OutputStream out, byte[] payload) throws IOException {
        long v = payload.length;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        out.write(payload);
    }
}
