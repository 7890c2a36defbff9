package io.phoenix.bridge.car;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.multiformats.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads a CARv1 section by section from a stream, verifying every block against its CID as it
 * goes. Constant memory (one block at a time). A malformed or truncated archive, or a block whose
 * bytes do not hash to its CID, is a {@link FormatException} naming the byte offset.
 */
public final class CarReader {
    /** Largest block accepted (IPFS refuses blocks over 2 MiB; Phoenix blocks are at most 1 MiB). */
    public static final int MAX_BLOCK = 2 * 1024 * 1024;
    private static final int MAX_CID = 128;

    private final InputStream in;
    private final CarHeader header;
    private long offset;

    private CarReader(InputStream in) throws IOException {
        this.in = in;
        long len = varint(true);
        if (len == 0 || len > CarHeader.MAX_LENGTH) throw new FormatException("CAR header length " + len + " out of range");
        this.header = CarHeader.decode(bytes((int) len, "CAR header"));
    }

    /** Reads the header; the stream should be buffered. */
    public static CarReader open(InputStream in) throws IOException {
        return new CarReader(in);
    }

    public CarHeader header() {
        return header;
    }

    /** Offset of the next section (after the header once opened). */
    public long offset() {
        return offset;
    }

    /** The next verified section, or {@code null} at a clean end of the archive. */
    public CarSection next() throws IOException {
        long start = offset;
        long len = varint(false);
        if (len < 0) return null;
        if (len == 0 || len > MAX_BLOCK + MAX_CID) throw new FormatException("CAR section at offset " + start + " has length " + len + " (out of range)");
        byte[] section = bytes((int) len, "CAR section at offset " + start);
        ByteBuffer buf = ByteBuffer.wrap(section);
        Cid cid;
        try {
            cid = Cid.read(buf);
        } catch (FormatException e) {
            throw new FormatException("CAR section at offset " + start + ": bad CID: " + e.getMessage(), e);
        }
        int dataAt = buf.position();
        boolean ok;
        try {
            ok = cid.verifies(section, dataAt, section.length - dataAt);
        } catch (FormatException e) {
            throw new FormatException("CAR section at offset " + start + ": block " + cid + ": " + e.getMessage(), e);
        }
        if (!ok) throw new FormatException("CAR section at offset " + start + ": block bytes do not hash to " + cid);
        byte[] data = Arrays.copyOfRange(section, dataAt, section.length);
        return new CarSection(cid, data, start, offset - section.length + dataAt, offset);
    }

    /** Reads a length varint; -1 on a clean end of stream between sections (never inside the header). */
    private long varint(boolean header) throws IOException {
        long start = offset;
        long value = 0;
        for (int i = 0; i < Varint.MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0 && !header) return -1;
                throw new FormatException((header ? "CAR header" : "CAR section") + " length truncated at offset " + start);
            }
            offset++;
            if (b == 0 && i > 0) throw new FormatException("non-minimal varint at offset " + start);
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) return value;
        }
        throw new FormatException("varint too long at offset " + start);
    }

    private byte[] bytes(int len, String what) throws IOException {
        byte[] b;
        try {
            b = in.readNBytes(len);
        } catch (EOFException e) {
            b = new byte[0];
        }
        offset += b.length;
        if (b.length != len) throw new FormatException(what + " truncated: " + b.length + " of " + len + " bytes");
        return b;
    }
}
