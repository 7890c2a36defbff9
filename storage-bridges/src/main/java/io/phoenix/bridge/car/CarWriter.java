package io.phoenix.bridge.car;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.multiformats.Varint;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Streams a CARv1: {@code varint(len(header)) ‖ header}, then for each block
 * {@code varint(len(cid) + len(data)) ‖ cid ‖ data}. Holds nothing but the current block, so
 * memory stays constant however large the archive.
 */
public final class CarWriter {
    private final OutputStream out;
    private long written;

    private CarWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes the header for {@code root} and returns a writer for the sections. */
    public static CarWriter start(OutputStream out, Cid root) throws IOException {
        CarWriter w = new CarWriter(out);
        byte[] header = new CarHeader(List.of(root)).encode();
        w.raw(Varint.encode(header.length));
        w.raw(header);
        return w;
    }

    /** A writer that appends sections to a stream already positioned after {@code written} bytes of a CAR. */
    public static CarWriter append(OutputStream out, long written) {
        CarWriter w = new CarWriter(out);
        w.written = written;
        return w;
    }

    public void write(Cid cid, byte[] data) throws IOException {
        byte[] c = cid.toBytes();
        raw(Varint.encode((long) c.length + data.length));
        raw(c);
        raw(data);
    }

    /** Bytes written so far, the header included. */
    public long written() {
        return written;
    }

    private void raw(byte[] b) throws IOException {
        out.write(b);
        written += b.length;
    }
}
