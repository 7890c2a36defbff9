package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the links (CBOR tag 42, a byte string {@code 0x00 ‖ binary CID}) out of one DAG-CBOR
 * block without interpreting anything else. Strict: definite lengths only, exactly one item, no
 * trailing bytes, bounded nesting; malformed input is a {@link FormatException}, never a hang.
 */
public final class CborLinks {
    private static final int MAX_DEPTH = 256;
    private static final int TAG_CID = 42;

    private final byte[] in;
    private int pos;
    private final List<Cid> links = new ArrayList<>();

    private CborLinks(byte[] in) {
        this.in = in;
    }

    /** Every link in {@code block}, in encoding order (duplicates kept). */
    public static List<Cid> of(byte[] block) {
        CborLinks r = new CborLinks(block);
        r.item(0);
        if (r.pos != block.length) throw new FormatException("trailing bytes after DAG-CBOR item at offset " + r.pos);
        return r.links;
    }

    private void item(int depth) {
        if (depth > MAX_DEPTH) throw new FormatException("DAG-CBOR nested deeper than " + MAX_DEPTH);
        int start = pos;
        int initial = u8();
        int major = initial >>> 5;
        int info = initial & 0x1F;
        if (info == 31) throw new FormatException("indefinite-length CBOR item at offset " + start + " (not DAG-CBOR)");
        long arg = argument(info, start);
        switch (major) {
            case 0, 1 -> { }
            case 2, 3 -> skip(arg, start);
            case 4 -> {
                for (long i = 0; i < arg; i++) item(depth + 1);
            }
            case 5 -> {
                for (long i = 0; i < arg; i++) {
                    item(depth + 1);
                    item(depth + 1);
                }
            }
            case 6 -> {
                if (arg == TAG_CID) link(start);
                else throw new FormatException("CBOR tag " + arg + " at offset " + start + " (DAG-CBOR allows only tag 42)");
            }
            default -> {
                if (info == 24) throw new FormatException("simple value with 1-byte argument at offset " + start);
            }
        }
    }

    private void link(int tagStart) {
        int start = pos;
        int initial = u8();
        if (initial >>> 5 != 2) throw new FormatException("tag 42 at offset " + tagStart + " does not wrap a byte string");
        long len = argument(initial & 0x1F, start);
        if (len < 2) throw new FormatException("empty CID link at offset " + tagStart);
        int from = pos;
        skip(len, start);
        if (in[from] != 0) throw new FormatException("CID link at offset " + tagStart + " lacks the 0x00 multibase prefix");
        byte[] cid = new byte[(int) len - 1];
        System.arraycopy(in, from + 1, cid, 0, cid.length);
        links.add(Cid.fromBytes(cid));
    }

    private long argument(int info, int start) {
        if (info < 24) return info;
        int n = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw new FormatException("reserved CBOR additional info " + info + " at offset " + start);
        };
        long v = 0;
        for (int i = 0; i < n; i++) v = (v << 8) | u8();
        return v;
    }

    private void skip(long len, int start) {
        if (len < 0 || len > in.length - pos) throw new FormatException("CBOR item at offset " + start + " runs past the end of the block");
        pos += (int) len;
    }

    private int u8() {
        if (pos >= in.length) throw new FormatException("truncated DAG-CBOR block at offset " + pos);
        return in[pos++] & 0xFF;
    }
}
