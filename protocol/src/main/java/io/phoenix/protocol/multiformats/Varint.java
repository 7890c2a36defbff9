package io.phoenix.protocol.multiformats;

import io.phoenix.protocol.FormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Unsigned LEB128 varints as used by multiformats (at most 9 bytes, 63 bits). */
public final class Varint {
    /** Largest number of bytes a multiformats varint may use. */
    public static final int MAX_BYTES = 9;

    private Varint() {}

    public static int size(long value) {
        if (value < 0) throw new IllegalArgumentException("negative varint: " + value);
        int n = 1;
        while ((value >>>= 7) != 0) n++;
        return n;
    }

    public static byte[] encode(long value) {
        byte[] out = new byte[size(value)];
        write(value, out, 0);
        return out;
    }

    /** Writes {@code value} at {@code offset}; returns the number of bytes written. */
    public static int write(long value, byte[] out, int offset) {
        int i = offset;
        while ((value & ~0x7FL) != 0) {
            out[i++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[i++] = (byte) value;
        return i - offset;
    }

    public static void write(long value, ByteArrayOutputStream out) {
        out.writeBytes(encode(value));
    }

    /** Reads a varint from the buffer's position, advancing it. */
    public static long read(ByteBuffer buf) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (!buf.hasRemaining()) throw new FormatException("truncated varint");
            int b = buf.get() & 0xFF;
            if (b == 0 && i > 0) throw new FormatException("non-minimal varint");
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) return value;
        }
        throw new FormatException("varint longer than " + MAX_BYTES + " bytes");
    }

    /** Decodes a varint at {@code offset}; returns {value, bytesRead}. */
    public static long[] decode(byte[] in, int offset) {
        ByteBuffer buf = ByteBuffer.wrap(in, offset, in.length - offset);
        long v = read(buf);
        return new long[] {v, buf.position() - offset};
    }
}
