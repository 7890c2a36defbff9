package io.phoenix.protocol.p2p.mss;

import io.phoenix.protocol.multiformats.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * multistream-select 1.0 message codec: {@code uvarint(len) ‖ utf8 ‖ '\n'}, where len counts the
 * newline. Pure: works on byte arrays and on any {@link InputStream} without reading past the
 * message, so pipelined data after it stays unread.
 */
public final class MultistreamCodec {
    public static final String HEADER = "/multistream/1.0.0";
    public static final String NA = "na";
    /** Longest message accepted (protocol ids are short; js allows 1024). */
    public static final int MAX_MESSAGE = 1024;

    private MultistreamCodec() {}

    public static byte[] encode(String... messages) {
        int total = 0;
        byte[][] utf = new byte[messages.length][];
        for (int i = 0; i < messages.length; i++) {
            utf[i] = messages[i].getBytes(StandardCharsets.UTF_8);
            if (utf[i].length + 1 > MAX_MESSAGE) throw new IllegalArgumentException("protocol id too long");
            total += Varint.size(utf[i].length + 1) + utf[i].length + 1;
        }
        byte[] out = new byte[total];
        int off = 0;
        for (byte[] u : utf) {
            off += Varint.write(u.length + 1, out, off);
            System.arraycopy(u, 0, out, off, u.length);
            off += u.length;
            out[off++] = '\n';
        }
        return out;
    }

    /** Reads exactly one message; {@link MultistreamException} on malformed input, EOF on end. */
    public static String read(InputStream in) throws IOException {
        long len = 0;
        for (int i = 0; ; i++) {
            int b = in.read();
            if (b < 0) throw new EOFException(i == 0 ? "stream closed during multistream-select" : "truncated multistream length");
            if (i == 2) throw new MultistreamException("multistream length varint too long");
            len |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) break;
        }
        if (len < 1 || len > MAX_MESSAGE) throw new MultistreamException("multistream message length " + len + " out of range 1.." + MAX_MESSAGE);
        byte[] msg = in.readNBytes((int) len);
        if (msg.length != len) throw new EOFException("truncated multistream message");
        if (msg[msg.length - 1] != '\n') throw new MultistreamException("multistream message does not end in a newline");
        return new String(msg, 0, msg.length - 1, StandardCharsets.UTF_8);
    }
}
