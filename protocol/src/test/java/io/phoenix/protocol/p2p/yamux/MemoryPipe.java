package io.phoenix.protocol.p2p.yamux;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A bounded in-memory byte pipe (one direction) standing in for a socket in unit tests. */
final class MemoryPipe implements Closeable {
    private final byte[] buf;
    private int head;
    private int size;
    private boolean closed;

    MemoryPipe(int capacity) {
        this.buf = new byte[capacity];
    }

    final InputStream in = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            synchronized (MemoryPipe.this) {
                while (size == 0) {
                    if (closed) return -1;
                    waitQuietly();
                }
                int n = Math.min(len, size);
                for (int i = 0; i < n; i++) b[off + i] = buf[(head + i) % buf.length];
                head = (head + n) % buf.length;
                size -= n;
                MemoryPipe.this.notifyAll();
                return n;
            }
        }

        @Override
        public void close() {
            MemoryPipe.this.close();
        }
    };

    final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (MemoryPipe.this) {
                while (len > 0) {
                    if (closed) throw new IOException("pipe closed");
                    if (size == buf.length) {
                        waitQuietly();
                        continue;
                    }
                    int n = Math.min(len, buf.length - size);
                    for (int i = 0; i < n; i++) buf[(head + size + i) % buf.length] = b[off + i];
                    size += n;
                    off += n;
                    len -= n;
                    MemoryPipe.this.notifyAll();
                }
            }
        }
    };

    private void waitQuietly() throws IOException {
        try {
            wait(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
