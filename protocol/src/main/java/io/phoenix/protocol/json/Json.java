package io.phoenix.protocol.json;

import io.phoenix.protocol.FormatException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The project's one small JSON codec (HTTP bridges, the control API, {@code --json} output): objects
 * become {@code Map<String,Object>} (insertion order kept), arrays {@code List<Object>}, numbers
 * {@link BigDecimal}, plus String, Boolean and null. Malformed input is a {@link FormatException};
 * nesting is bounded.
 *
 * <p>Writing accepts those types and also any {@link Number} and {@link Iterable}; a {@code double}
 * or {@code float} is written with three decimals (durations and rates; pass a {@link BigDecimal}
 * or a String for an exact value) and NaN or infinity as {@code null}; any other object as the
 * string of its {@code toString()} (CIDs, peer ids, paths).
 */
public final class Json {
    private static final int MAX_DEPTH = 64;
    private final String in;
    private int pos;

    private Json(String in) {
        this.in = in;
    }

    public static Object parse(String text) {
        Json j = new Json(text);
        Object v = j.value(0);
        j.ws();
        if (j.pos != text.length()) throw j.error("trailing characters");
        return v;
    }

    /** Parses a JSON object; anything else is a {@link FormatException}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String text) {
        if (parse(text) instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new FormatException("expected a JSON object: " + abbreviate(text));
    }

    /** An insertion-ordered object to fill and {@link #write}. */
    public static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    public static List<Object> array() {
        return new ArrayList<>();
    }

    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb);
        return sb.toString();
    }

    public static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }

    private static void write(Object v, StringBuilder sb) {
        if (v == null) sb.append("null");
        else if (v instanceof String s) string(s, sb);
        else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) sb.append(v);
        else if (v instanceof BigDecimal d) sb.append(d.toPlainString());
        else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            sb.append(Double.isNaN(d) || Double.isInfinite(d) ? "null" : String.format(Locale.ROOT, "%.3f", d));
        } else if (v instanceof Number n) sb.append(n);
        else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                string(String.valueOf(e.getKey()), sb);
                sb.append(':');
                write(e.getValue(), sb);
            }
            sb.append('}');
        } else if (v instanceof Iterable<?> it) {
            sb.append('[');
            boolean first = true;
            for (Object o : it) {
                if (!first) sb.append(',');
                first = false;
                write(o, sb);
            }
            sb.append(']');
        } else string(v.toString(), sb);
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) throw error("nested too deeply");
        ws();
        if (pos >= in.length()) throw error("unexpected end");
        char c = in.charAt(pos);
        return switch (c) {
            case '{' -> obj(depth);
            case '[' -> arr(depth);
            case '"' -> str();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> num();
        };
    }

    private Map<String, Object> obj(int depth) {
        pos++;
        Map<String, Object> m = new LinkedHashMap<>();
        ws();
        if (peek() == '}') {
            pos++;
            return m;
        }
        while (true) {
            ws();
            if (peek() != '"') throw error("expected a key");
            String k = str();
            ws();
            if (peek() != ':') throw error("expected ':'");
            pos++;
            m.put(k, value(depth + 1));
            ws();
            char c = peek();
            pos++;
            if (c == '}') return m;
            if (c != ',') throw error("expected ',' or '}'");
        }
    }

    private List<Object> arr(int depth) {
        pos++;
        List<Object> l = new ArrayList<>();
        ws();
        if (peek() == ']') {
            pos++;
            return l;
        }
        while (true) {
            l.add(value(depth + 1));
            ws();
            char c = peek();
            pos++;
            if (c == ']') return l;
            if (c != ',') throw error("expected ',' or ']'");
        }
    }

    private String str() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= in.length()) throw error("unterminated string");
            char c = in.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= in.length()) throw error("unterminated escape");
            char e = in.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > in.length()) throw error("bad \\u escape");
                    try {
                        sb.append((char) Integer.parseInt(in.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private Object num() {
        int start = pos;
        while (pos < in.length() && "+-0123456789.eE".indexOf(in.charAt(pos)) >= 0) pos++;
        if (start == pos) throw error("unexpected character '" + in.charAt(pos) + "'");
        try {
            return new BigDecimal(in.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("bad number");
        }
    }

    private Object literal(String word, Object value) {
        if (!in.startsWith(word, pos)) throw error("unexpected token");
        pos += word.length();
        return value;
    }

    private char peek() {
        if (pos >= in.length()) throw error("unexpected end");
        return in.charAt(pos);
    }

    private void ws() {
        while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) pos++;
    }

    private FormatException error(String what) {
        return new FormatException("malformed JSON at " + pos + ": " + what + " in " + abbreviate(in));
    }
}
