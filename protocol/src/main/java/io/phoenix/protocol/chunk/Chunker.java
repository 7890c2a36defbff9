package io.phoenix.protocol.chunk;

import java.io.IOException;
import java.io.InputStream;

/**
 * Content-defined chunking, FastCDC style: a gear rolling hash ({@code h = (h << 1) + gear[b]})
 * scanned from {@link #MIN_SIZE} on, with normalized chunking — a strict mask ({@link #MASK_S},
 * 21 bits) below {@link #NORMAL_SIZE} and a loose mask ({@link #MASK_L}, 17 bits) above it — and a
 * hard cut at {@link #MAX_SIZE}. The masks test the top bits of the hash, which depend on the
 * last 44–64 bytes, so a boundary depends only on nearby content and insertions shift no
 * boundary further than the next resynchronisation point.
 *
 * <p>{@link #nextBoundary} is pure and allocation free, so a parallel pipeline can cut regions of
 * its own buffers. {@link #chunk} drives it over an {@link InputStream} with one reused buffer.
 * Not thread safe (one instance per thread); the static method is.
 */
public final class Chunker {
    public static final int MIN_SIZE = 128 * 1024;
    /** Expected mean chunk size on random data, given the min skip and max cap. */
    public static final int AVERAGE_SIZE = 512 * 1024;
    /** Where the strict mask gives way to the loose one (chosen so the mean is about {@link #AVERAGE_SIZE}). */
    public static final int NORMAL_SIZE = 424 * 1024;
    /**
     * Largest chunk: 1 MiB minus the block overhead (14-byte header + 16-byte GCM tag), so every
     * encrypted block is at most 1,048,576 bytes even when stored uncompressed.
     */
    public static final int MAX_SIZE = 1024 * 1024 - 30;
    /** Top 21 bits of the 64-bit hash. */
    public static final long MASK_S = -1L << (64 - 21);
    /** Top 17 bits of the 64-bit hash. */
    public static final long MASK_L = -1L << (64 - 17);

    private static final long[] GEAR = GearTable.shared();

    private final byte[] buf;

    public Chunker() {
        this(4 * 1024 * 1024);
    }

    /** @param bufferSize read buffer size, at least {@code 2 * MAX_SIZE} */
    public Chunker(int bufferSize) {
        if (bufferSize < 2 * MAX_SIZE) throw new IllegalArgumentException("buffer must hold at least two max chunks");
        this.buf = new byte[bufferSize];
    }

    /**
     * Length of the first chunk of {@code buf[off, off+len)}. The caller must pass at least
     * {@link #MAX_SIZE} bytes unless the region ends at the end of the file; the result is then in
     * {@code [min(len, MIN_SIZE), min(len, MAX_SIZE)]}.
     */
    public static int nextBoundary(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off > buf.length - len) throw new IndexOutOfBoundsException();
        if (len <= MIN_SIZE) return len;
        int end = Math.min(len, MAX_SIZE);
        int normal = Math.min(end, NORMAL_SIZE);
        long[] gear = GEAR;
        long h = 0;
        int i = off + MIN_SIZE;
        int stop = off + normal;
        for (; i < stop; i++) {
            h = (h << 1) + gear[buf[i] & 0xff];
            if ((h & MASK_S) == 0) return i + 1 - off;
        }
        stop = off + end;
        for (; i < stop; i++) {
            h = (h << 1) + gear[buf[i] & 0xff];
            if ((h & MASK_L) == 0) return i + 1 - off;
        }
        return end;
    }

    /**
     * Cuts the whole stream into chunks, calling {@code sink} for each in order (the sink's buffer
     * is reused after it returns). Returns the number of bytes read.
     */
    public long chunk(InputStream in, ChunkSink sink) throws IOException {
        int pos = 0;
        int limit = 0;
        boolean eof = false;
        long fileOffset = 0;
        while (true) {
            int avail = limit - pos;
            if (!eof && avail < MAX_SIZE) {
                System.arraycopy(buf, pos, buf, 0, avail);
                pos = 0;
                limit = avail;
                while (limit < buf.length) {
                    int n = in.read(buf, limit, buf.length - limit);
                    if (n < 0) {
                        eof = true;
                        break;
                    }
                    limit += n;
                }
                continue;
            }
            if (avail == 0) return fileOffset;
            int n = nextBoundary(buf, pos, avail);
            sink.accept(buf, pos, n, fileOffset);
            pos += n;
            fileOffset += n;
        }
    }
}
