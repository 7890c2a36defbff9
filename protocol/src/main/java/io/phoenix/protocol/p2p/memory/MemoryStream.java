package io.phoenix.protocol.p2p.memory;

import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/** One end of an in-memory stream: reads from one {@link MemoryPipe}, writes to the other. */
public final class MemoryStream implements Stream {
    private final PeerId remote;
    private final String protocol;
    private final MemoryPipe in;
    private final MemoryPipe out;
    private final Consumer<MemoryStream> onRelease;
    private final InputStream input = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return in.read(b, off, len);
        }

        @Override
        public int available() {
            return in.available();
        }
    };
    private final OutputStream output = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            out.write(b, off, len);
        }

        @Override
        public void close() {
            closeWrite();
        }
    };

    MemoryStream(PeerId remote, String protocol, MemoryPipe in, MemoryPipe out, Consumer<MemoryStream> onRelease) {
        this.remote = remote;
        this.protocol = protocol;
        this.in = in;
        this.out = out;
        this.onRelease = onRelease;
    }

    @Override
    public PeerId remotePeer() {
        return remote;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void closeWrite() {
        out.closeWrite();
    }

    @Override
    public void reset() {
        in.reset();
        out.reset();
        onRelease.accept(this);
    }

    /** Half-closes and stops reading: later remote writes are discarded, never block. */
    @Override
    public void close() {
        out.closeWrite();
        in.closeRead();
        onRelease.accept(this);
    }

    boolean isReset() {
        return in.isReset();
    }
}
