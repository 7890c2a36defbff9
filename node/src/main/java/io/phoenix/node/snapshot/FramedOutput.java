package io.phoenix.node.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * A byte stream cut into checksummed frames, written to a file channel from its current position:
 * each frame is {@code u32 n ‖ n bytes ‖ u32 CRC32C(the 4 length bytes and the n bytes)}, big-endian,
 * 1 ≤ n ≤ {@link #MAX_FRAME}; a frame with n = 0 ends the stream. {@link FramedInput} reads it
 * back and refuses a frame whose checksum does not match, so damage anywhere is detected before a
 * byte of it is used. {@link #alignedPosition} ends the current frame early and gives the file
 * position where the next frame starts, where a reader may later start reading.
 */
final class FramedOutput extends OutputStream {
    static final int MAX_FRAME = 1 << 16;

    private final FileChannel ch;
    private final ByteBuffer frame = ByteBuffer.allocate(4 + MAX_FRAME + 4);
    private final CRC32C crc = new CRC32C();
    private boolean ended;

    FramedOutput(FileChannel ch) {
        this.ch = ch;
        frame.position(4);
    }

    @Override
    public void write(int b) throws IOException {
        if (frame.position() == 4 + MAX_FRAME) emit();
        frame.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (frame.position() == 4 + MAX_FRAME) emit();
            int n = Math.min(len, 4 + MAX_FRAME - frame.position());
            frame.put(b, off, n);
            off += n;
            len -= n;
        }
    }

    void writeShort(int v) throws IOException {
        write(v >>> 8);
        write(v);
    }

    void writeInt(int v) throws IOException {
        writeShort(v >>> 16);
        writeShort(v);
    }

    void writeLong(long v) throws IOException {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    /** Ends the current frame (if it holds anything) and returns the position at which the next frame starts. */
    long alignedPosition() throws IOException {
        if (frame.position() > 4) emit();
        return ch.position();
    }

    /** Writes the end-of-stream frame; the stream takes no more bytes. */
    void end() throws IOException {
        if (ended) return;
        if (frame.position() > 4) emit();
        emit();
        ended = true;
    }

    private void emit() throws IOException {
        if (ended) throw new IOException("framed stream already ended");
        int n = frame.position() - 4;
        frame.putInt(0, n);
        crc.reset();
        crc.update(frame.array(), 0, 4 + n);
        frame.putInt((int) crc.getValue());
        frame.flip();
        while (frame.hasRemaining()) ch.write(frame);
        frame.clear();
        frame.position(4);
    }
}
