package io.phoenix.bridge.arweave;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A transaction's data: in memory (a pack, at most the pack size) or in a file (an index, which
 * grows with the snapshot: ~41 bytes per block), optionally behind a short prefix held in memory.
 * Read in ranges (a chunk at a time) or as a stream; the file is never loaded whole.
 */
public interface ArweaveData {
    long size();

    /** Copies bytes {@code [offset, offset + len)} into {@code dst[off …]}. */
    void read(long offset, byte[] dst, int off, int len);

    /** The whole data as a stream. */
    InputStream open() throws IOException;

    /** Bytes {@code [offset, offset + len)}. */
    default byte[] bytes(long offset, int len) {
        byte[] b = new byte[len];
        read(offset, b, 0, len);
        return b;
    }

    static ArweaveData of(byte[] data) {
        return new ArweaveData() {
            @Override
            public long size() {
                return data.length;
            }

            @Override
            public void read(long offset, byte[] dst, int off, int len) {
                System.arraycopy(data, Math.toIntExact(offset), dst, off, len);
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(data);
            }
        };
    }

    /** {@code head} (in memory) followed by the contents of {@code file}. */
    static ArweaveData of(byte[] head, Path file) throws IOException {
        long fileSize = Files.size(file);
        return new ArweaveData() {
            @Override
            public long size() {
                return head.length + fileSize;
            }

            @Override
            public void read(long offset, byte[] dst, int off, int len) {
                if (offset < head.length) {
                    int n = (int) Math.min(len, head.length - offset);
                    System.arraycopy(head, (int) offset, dst, off, n);
                    offset += n;
                    off += n;
                    len -= n;
                }
                if (len == 0) return;
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    ByteBuffer buf = ByteBuffer.wrap(dst, off, len);
                    long at = offset - head.length;
                    while (buf.hasRemaining()) {
                        int r = ch.read(buf, at + buf.position() - off);
                        if (r < 0) throw new IOException(file + " is shorter than " + fileSize + " bytes");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
                }
            }

            @Override
            public InputStream open() throws IOException {
                return new SequenceInputStream(new ByteArrayInputStream(head), Files.newInputStream(file));
            }
        };
    }

    /** The contents of {@code file}. */
    static ArweaveData of(Path file) throws IOException {
        return of(new byte[0], file);
    }
}
