package io.phoenix.node.snapshot;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads a stream written by {@link FramedOutput} from a position of a file channel (positional
 * reads: several inputs may read one channel). A frame is handed out only after its checksum
 * matched; a bad checksum, an impossible length or the end of the file inside a frame throws
 * {@link DamagedException} (the file is damaged or was cut short), the end-of-stream frame gives -1.
 */
final class FramedInput extends InputStream {
    /** The framed stream is damaged or truncated. */
    static final class DamagedException extends IOException {
        private static final long serialVersionUID = 1L;

        DamagedException(String message) {
            super(message);
        }
    }

    private final FileChannel ch;
    private long at;
    private final ByteBuffer frame = ByteBuffer.allocate(4 + FramedOutput.MAX_FRAME + 4);
    private final CRC32C crc = new CRC32C();
    private int pos, limit;
    private boolean ended;

    FramedInput(FileChannel ch, long position) {
        this.ch = ch;
        this.at = position;
    }

    @Override
    public int read() throws IOException {
        if (pos == limit && !next()) return -1;
        return frame.get(pos++) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (pos == limit && !next()) return -1;
        int n = Math.min(len, limit - pos);
        frame.get(pos, b, off, n);
        pos += n;
        return n;
    }

    /** Reads exactly {@code len} bytes; the stream ending first is damage (a record cut off). */
    void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = read(b, off, len);
            if (n < 0) throw new DamagedException("stream ends inside a record");
            off += n;
            len -= n;
        }
    }

    int readUnsignedByte() throws IOException {
        int b = read();
        if (b < 0) throw new DamagedException("stream ends inside a record");
        return b;
    }

    int readUnsignedShort() throws IOException {
        return readUnsignedByte() << 8 | readUnsignedByte();
    }

    int readInt() throws IOException {
        return readUnsignedShort() << 16 | readUnsignedShort();
    }

    long readLong() throws IOException {
        return (long) readInt() << 32 | (readInt() & 0xffffffffL);
    }

    private boolean next() throws IOException {
        if (ended) return false;
        frame.clear().limit(4);
        fill(at);
        int n = frame.getInt(0);
        if (n < 0 || n > FramedOutput.MAX_FRAME) throw new DamagedException("frame length " + n + " at offset " + at);
        frame.limit(4 + n + 4);
        fill(at + 4);
        crc.reset();
        crc.update(frame.array(), 0, 4 + n);
        if (frame.getInt(4 + n) != (int) crc.getValue()) throw new DamagedException("checksum mismatch in the frame at offset " + at);
        at += 4 + n + 4;
        pos = 4;
        limit = 4 + n;
        if (n == 0) ended = true;
        return n > 0;
    }

    private void fill(long position) throws IOException {
        long p = position;
        while (frame.hasRemaining()) {
            int r = ch.read(frame, p);
            if (r < 0) throw new DamagedException("file ends inside a frame at offset " + at + " (truncated)");
            p += r;
        }
    }

    /** Unused: {@link EOFException} is never thrown, damage is. */
    @Override
    public int available() {
        return limit - pos;
    }
}
