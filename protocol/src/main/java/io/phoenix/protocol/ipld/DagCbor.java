package io.phoenix.protocol.ipld;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of DAG-CBOR Phoenix uses, strictly: integers (major types 0/1, within a Java
 * {@code long}), byte strings, UTF-8 text strings, arrays, maps with text keys, {@code true},
 * {@code false}, {@code null}, and links (tag 42 over a byte string {@code 0x00 ‖ binary CID}).
 * No floats, no indefinite lengths, no other tags.
 *
 * <p>Java values: {@link Long} (Integer accepted when encoding), {@link String}, {@code byte[]},
 * {@link Boolean}, {@code null}, {@link List}, {@link Map} with String keys, {@link Cid}. Encoding is
 * deterministic (shortest heads; map keys sorted by encoded length, then bytewise). Decoding
 * rejects anything that would not re-encode to the same bytes, bounds nesting at
 * {@link #MAX_DEPTH}, and never allocates more than the input could hold.
 */
public final class DagCbor {
    public static final int MAX_DEPTH = 32;
    public static final int TAG_CID = 42;

    private static final Comparator<byte[]> KEY_ORDER = (a, b) ->
            a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compareUnsigned(a, b);

    private DagCbor() {}

    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, value, 0);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object v, int depth) {
        if (depth > MAX_DEPTH) throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH);
        switch (v) {
            case null -> out.write(0xf6);
            case Boolean b -> out.write(b ? 0xf5 : 0xf4);
            case Integer i -> writeInt(out, i);
            case Long l -> writeInt(out, l);
            case String s -> {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                head(out, 3, b.length);
                out.writeBytes(b);
            }
            case byte[] b -> {
                head(out, 2, b.length);
                out.writeBytes(b);
            }
            case Cid c -> {
                head(out, 6, TAG_CID);
                byte[] b = c.toBytes();
                head(out, 2, b.length + 1);
                out.write(0);
                out.writeBytes(b);
            }
            case List<?> list -> {
                head(out, 4, list.size());
                for (Object o : list) write(out, o, depth + 1);
            }
            case Map<?, ?> map -> {
                List<byte[]> keys = new ArrayList<>(map.size());
                Map<String, Object> byKey = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String k)) throw new IllegalArgumentException("map keys must be strings");
                    keys.add(k.getBytes(StandardCharsets.UTF_8));
                    byKey.put(k, e.getValue());
                }
                keys.sort(KEY_ORDER);
                head(out, 5, keys.size());
                for (byte[] k : keys) {
                    head(out, 3, k.length);
                    out.writeBytes(k);
                    write(out, byKey.get(new String(k, StandardCharsets.UTF_8)), depth + 1);
                }
            }
            default -> throw new IllegalArgumentException("cannot encode " + v.getClass().getName() + " as DAG-CBOR");
        }
    }

    private static void writeInt(ByteArrayOutputStream out, long v) {
        if (v >= 0) head(out, 0, v);
        else head(out, 1, -1 - v);
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
        } else if (arg < 0x100000000L) {
            out.write(m | 26);
            for (int s = 24; s >= 0; s -= 8) out.write((int) (arg >>> s));
        } else {
            out.write(m | 27);
            for (int s = 56; s >= 0; s -= 8) out.write((int) (arg >>> s));
        }
    }

    /** Decodes exactly one value spanning all of {@code data}. */
    public static Object decode(byte[] data) {
        Reader r = new Reader(data);
        Object v = r.value(0);
        if (r.pos != data.length) throw new DagCborException("trailing bytes after DAG-CBOR value at offset " + r.pos);
        return v;
    }

    /**
     * Every link in the DAG-CBOR block {@code data}, in encoding order, duplicates kept (what a DAG
     * walker follows without interpreting the rest). The block must decode as {@link #decode} does.
     */
    public static List<Cid> links(byte[] data) {
        List<Cid> out = new ArrayList<>();
        collectLinks(decode(data), out);
        return out;
    }

    private static void collectLinks(Object v, List<Cid> out) {
        switch (v) {
            case Cid c -> out.add(c);
            case List<?> list -> list.forEach(o -> collectLinks(o, out));
            case Map<?, ?> map -> map.values().forEach(o -> collectLinks(o, out));
            case null, default -> { }
        }
    }

    private static final class Reader {
        private final byte[] d;
        private int pos;

        Reader(byte[] d) {
            this.d = d;
        }

        private int u8() {
            if (pos >= d.length) throw new DagCborException("truncated DAG-CBOR at offset " + pos);
            return d[pos++] & 0xff;
        }

        /** Reads a head's argument, insisting on the shortest form. */
        private long arg(int info) {
            if (info < 24) return info;
            long v;
            int min;
            switch (info) {
                case 24 -> { v = u8(); min = 24; }
                case 25 -> { v = ((long) u8() << 8) | u8(); min = 0x100; }
                case 26 -> { v = 0; for (int i = 0; i < 4; i++) v = (v << 8) | u8(); min = 0x10000; }
                case 27 -> {
                    v = 0;
                    for (int i = 0; i < 8; i++) v = (v << 8) | u8();
                    if (v < 0) throw new DagCborException("integer beyond 2^63 at offset " + pos);
                    if (v < 0x100000000L) throw new DagCborException("non-canonical integer encoding at offset " + pos);
                    return v;
                }
                case 31 -> throw new DagCborException("indefinite length is not allowed in DAG-CBOR (offset " + (pos - 1) + ")");
                default -> throw new DagCborException("reserved additional info " + info + " at offset " + (pos - 1));
            }
            if (v < min) throw new DagCborException("non-canonical integer encoding at offset " + pos);
            return v;
        }

        private int length(long n) {
            if (n > d.length - pos) throw new DagCborException("truncated DAG-CBOR: length " + n + " exceeds the " + (d.length - pos) + " remaining bytes");
            return (int) n;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) throw new DagCborException("DAG-CBOR nested deeper than " + MAX_DEPTH);
            int start = pos;
            int ib = u8();
            int major = ib >>> 5;
            int info = ib & 0x1f;
            switch (major) {
                case 0 -> { return arg(info); }
                case 1 -> { return -1 - arg(info); }
                case 2 -> {
                    int n = length(arg(info));
                    byte[] b = Arrays.copyOfRange(d, pos, pos + n);
                    pos += n;
                    return b;
                }
                case 3 -> { return text(length(arg(info))); }
                case 4 -> {
                    long n = arg(info);
                    if (n > d.length - pos) throw new DagCborException("truncated DAG-CBOR: array of " + n + " items at offset " + start);
                    List<Object> list = new ArrayList<>((int) n);
                    for (long i = 0; i < n; i++) list.add(value(depth + 1));
                    return list;
                }
                case 5 -> {
                    long n = arg(info);
                    if (n > (d.length - pos) / 2) throw new DagCborException("truncated DAG-CBOR: map of " + n + " entries at offset " + start);
                    Map<String, Object> map = new LinkedHashMap<>();
                    byte[] prev = null;
                    for (long i = 0; i < n; i++) {
                        int kb = u8();
                        if (kb >>> 5 != 3) throw new DagCborException("map key is not a text string at offset " + (pos - 1));
                        int kl = length(arg(kb & 0x1f));
                        byte[] key = Arrays.copyOfRange(d, pos, pos + kl);
                        String k = text(kl);
                        if (prev != null && KEY_ORDER.compare(prev, key) >= 0) {
                            throw new DagCborException("map keys not in canonical order (or duplicated) at '" + k + "'");
                        }
                        prev = key;
                        map.put(k, value(depth + 1));
                    }
                    return map;
                }
                case 6 -> {
                    long tag = arg(info);
                    if (tag != TAG_CID) throw new DagCborException("tag " + tag + " is not allowed in DAG-CBOR (only 42)");
                    int bb = u8();
                    if (bb >>> 5 != 2) throw new DagCborException("tag 42 must wrap a byte string");
                    int n = length(arg(bb & 0x1f));
                    if (n < 2 || d[pos] != 0) throw new DagCborException("CID link must start with the 0x00 multibase prefix");
                    byte[] cid = Arrays.copyOfRange(d, pos + 1, pos + n);
                    pos += n;
                    try {
                        return Cid.fromBytes(cid);
                    } catch (FormatException e) {
                        throw new DagCborException("invalid CID in link: " + e.getMessage(), e);
                    }
                }
                default -> {
                    return switch (info) {
                        case 20 -> Boolean.FALSE;
                        case 21 -> Boolean.TRUE;
                        case 22 -> null;
                        default -> throw new DagCborException("simple value / float 0x" + Integer.toHexString(ib) + " not allowed here (offset " + start + ")");
                    };
                }
            }
        }

        private String text(int n) {
            try {
                String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(d, pos, n)).toString();
                pos += n;
                return s;
            } catch (CharacterCodingException e) {
                throw new DagCborException("text string is not valid UTF-8 at offset " + pos, e);
            }
        }
    }
}
