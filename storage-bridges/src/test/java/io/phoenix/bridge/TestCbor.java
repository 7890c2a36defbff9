package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Just enough DAG-CBOR writing to build test snapshots: maps with text keys, link arrays, uints. */
public final class TestCbor {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public TestCbor map(int entries) {
        head(5, entries);
        return this;
    }

    public TestCbor text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(3, b.length);
        out.writeBytes(b);
        return this;
    }

    public TestCbor uint(long v) {
        head(0, v);
        return this;
    }

    public TestCbor bytes(byte[] b) {
        head(2, b.length);
        out.writeBytes(b);
        return this;
    }

    public TestCbor link(Cid cid) {
        out.write(0xD8);
        out.write(42);
        byte[] c = cid.toBytes();
        head(2, c.length + 1);
        out.write(0);
        out.writeBytes(c);
        return this;
    }

    public TestCbor links(List<Cid> cids) {
        head(4, cids.size());
        cids.forEach(this::link);
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    private void head(int major, long arg) {
        int m = major << 5;
        if (arg < 24) out.write(m | (int) arg);
        else if (arg < 0x100) { out.write(m | 24); out.write((int) arg); }
        else if (arg < 0x10000) { out.write(m | 25); out.write((int) (arg >>> 8)); out.write((int) arg); }
        else { out.write(m | 26); for (int s = 24; s >= 0; s -= 8) out.write((int) (arg >>> s)); }
    }
}
