package io.phoenix.protocol.p2p.yamux;

/**
 * The 12-byte yamux frame header: {@code version(0) type flags(u16be) streamId(u32be) length(u32be)}.
 * Pure codec.
 */
public record YamuxHeader(int type, int flags, int streamId, long length) {
    public static final int SIZE = 12;
    public static final int DATA = 0;
    public static final int WINDOW_UPDATE = 1;
    public static final int PING = 2;
    public static final int GO_AWAY = 3;
    public static final int SYN = 1;
    public static final int ACK = 2;
    public static final int FIN = 4;
    public static final int RST = 8;
    /** GoAway codes. */
    public static final int NORMAL = 0;
    public static final int PROTOCOL_ERROR = 1;
    public static final int INTERNAL_ERROR = 2;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public static void encode(int type, int flags, int streamId, long length, byte[] out, int off) {
        out[off] = 0;
        out[off + 1] = (byte) type;
        out[off + 2] = (byte) (flags >>> 8);
        out[off + 3] = (byte) flags;
        out[off + 4] = (byte) (streamId >>> 24);
        out[off + 5] = (byte) (streamId >>> 16);
        out[off + 6] = (byte) (streamId >>> 8);
        out[off + 7] = (byte) streamId;
        out[off + 8] = (byte) (length >>> 24);
        out[off + 9] = (byte) (length >>> 16);
        out[off + 10] = (byte) (length >>> 8);
        out[off + 11] = (byte) length;
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        encode(type, flags, streamId, length, b, 0);
        return b;
    }

    /** Decodes a header; {@link YamuxException} for a version other than 0, an unknown type or unknown flags. */
    public static YamuxHeader decode(byte[] in, int off) {
        if (in[off] != 0) throw new YamuxException("unsupported yamux version " + (in[off] & 0xFF));
        int type = in[off + 1] & 0xFF;
        if (type > GO_AWAY) throw new YamuxException("unknown yamux frame type " + type);
        int flags = ((in[off + 2] & 0xFF) << 8) | (in[off + 3] & 0xFF);
        if ((flags & ~0xF) != 0) throw new YamuxException("unknown yamux flags 0x" + Integer.toHexString(flags));
        int id = ((in[off + 4] & 0xFF) << 24) | ((in[off + 5] & 0xFF) << 16) | ((in[off + 6] & 0xFF) << 8) | (in[off + 7] & 0xFF);
        long len = ((long) (in[off + 8] & 0xFF) << 24) | ((in[off + 9] & 0xFF) << 16) | ((in[off + 10] & 0xFF) << 8) | (in[off + 11] & 0xFF);
        return new YamuxHeader(type, flags, id, len);
    }
}
