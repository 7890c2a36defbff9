package io.phoenix.bridge.car;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The CARv1 header: the DAG-CBOR map {@code {"roots": [CID links], "version": 1}} (keys in
 * DAG-CBOR canonical order: shorter first). Decoding is strict: definite lengths, both fields,
 * version 1 only, no other fields.
 */
public record CarHeader(List<Cid> roots) {
    public static final int VERSION = 1;
    /** Longest header accepted when reading (a header with one root is ~60 bytes). */
    public static final int MAX_LENGTH = 64 * 1024;

    public CarHeader {
        roots = List.copyOf(roots);
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xA2);
        text(out, "roots");
        head(out, 4, roots.size());
        for (Cid root : roots) {
            out.write(0xD8);
            out.write(42);
            byte[] cid = root.toBytes();
            head(out, 2, cid.length + 1L);
            out.write(0);
            out.writeBytes(cid);
        }
        text(out, "version");
        head(out, 0, VERSION);
        return out.toByteArray();
    }

    public static CarHeader decode(byte[] in) {
        int[] pos = {0};
        int n = (int) expect(in, pos, 5, "header map");
        List<Cid> roots = null;
        Long version = null;
        for (int i = 0; i < n; i++) {
            int len = (int) expect(in, pos, 3, "header key");
            String key = new String(take(in, pos, len), StandardCharsets.UTF_8);
            switch (key) {
                case "roots" -> {
                    int count = (int) expect(in, pos, 4, "roots array");
                    roots = new ArrayList<>();
                    for (int r = 0; r < count; r++) {
                        if (expect(in, pos, 6, "root link") != 42) throw new FormatException("CAR root is not a CID link (tag 42)");
                        byte[] link = take(in, pos, (int) expect(in, pos, 2, "root CID bytes"));
                        if (link.length < 2 || link[0] != 0) throw new FormatException("CAR root link lacks the 0x00 prefix");
                        roots.add(Cid.fromBytes(java.util.Arrays.copyOfRange(link, 1, link.length)));
                    }
                }
                case "version" -> version = expect(in, pos, 0, "version");
                default -> throw new FormatException("unknown CAR header field '" + key + "'");
            }
        }
        if (pos[0] != in.length) throw new FormatException("trailing bytes in CAR header");
        if (version == null) throw new FormatException("CAR header lacks a version");
        if (version != VERSION) throw new FormatException("CAR version " + version + " is not supported (only CARv1)");
        if (roots == null || roots.isEmpty()) throw new FormatException("CAR header lists no roots");
        return new CarHeader(roots);
    }

    private static long expect(byte[] in, int[] pos, int major, String what) {
        if (pos[0] >= in.length) throw new FormatException("CAR header truncated before " + what);
        int initial = in[pos[0]++] & 0xFF;
        if (initial >>> 5 != major) throw new FormatException("CAR header: expected " + what + ", found CBOR major type " + (initial >>> 5));
        int info = initial & 0x1F;
        if (info < 24) return info;
        int bytes = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            default -> throw new FormatException("CAR header: unsupported length encoding for " + what);
        };
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            if (pos[0] >= in.length) throw new FormatException("CAR header truncated in " + what);
            v = (v << 8) | (in[pos[0]++] & 0xFF);
        }
        return v;
    }

    private static byte[] take(byte[] in, int[] pos, int len) {
        if (len < 0 || len > in.length - pos[0]) throw new FormatException("CAR header truncated");
        byte[] out = java.util.Arrays.copyOfRange(in, pos[0], pos[0] + len);
        pos[0] += len;
        return out;
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(out, 3, b.length);
        out.writeBytes(b);
    }

    private static void head(ByteArrayOutputStream out, int major, long arg) {
        int m = major << 5;
        if (arg < 24) {
            out.write(m | (int) arg);
        } else if (arg < 0x100) {
            out.write(m | 24);
            out.write((int) arg);
        } else if (arg < 0x10000) {
            out.write(m | 25);
            out.write((int) (arg >>> 8));
            out.write((int) arg);
        } else {
            out.write(m | 26);
            for (int s = 24; s >= 0; s -= 8) out.write((int) (arg >>> s));
        }
    }
}
