package io.phoenix.protocol.manifest;

import io.phoenix.protocol.multiformats.Cid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed, strict access to a decoded DAG-CBOR map; every mismatch is a {@link ManifestFormatException}. */
final class DagFields {
    private final String what;
    private final Map<?, ?> map;

    DagFields(String what, Object value, Set<String> allowedKeys) {
        this.what = what;
        if (!(value instanceof Map<?, ?> m)) throw new ManifestFormatException(what + " is not a map");
        for (Object k : m.keySet()) {
            if (!allowedKeys.contains(k)) throw new ManifestFormatException(what + " has unknown field '" + k + "'");
        }
        this.map = m;
    }

    private Object required(String key) {
        Object v = map.get(key);
        if (v == null) throw new ManifestFormatException(what + " is missing field '" + key + "'");
        return v;
    }

    long nonNegative(String key) {
        if (!(required(key) instanceof Long l)) throw new ManifestFormatException(what + "." + key + " is not an integer");
        if (l < 0) throw new ManifestFormatException(what + "." + key + " is negative");
        return l;
    }

    String text(String key, int maxLength) {
        if (!(required(key) instanceof String s)) throw new ManifestFormatException(what + "." + key + " is not a text string");
        if (s.isEmpty() || s.length() > maxLength) throw new ManifestFormatException(what + "." + key + " must be 1.." + maxLength + " characters");
        return s;
    }

    byte[] bytes(String key, int length) {
        if (!(required(key) instanceof byte[] b)) throw new ManifestFormatException(what + "." + key + " is not a byte string");
        if (length >= 0 && b.length != length) throw new ManifestFormatException(what + "." + key + " must be " + length + " bytes, not " + b.length);
        return b;
    }

    Object value(String key) {
        return required(key);
    }

    List<?> list(String key, int maxItems) {
        if (!(required(key) instanceof List<?> l)) throw new ManifestFormatException(what + "." + key + " is not an array");
        if (l.size() > maxItems) throw new ManifestFormatException(what + "." + key + " has more than " + maxItems + " items");
        return l;
    }

    List<Cid> links(String key, int codec, int maxItems) {
        List<Cid> out = new ArrayList<>();
        for (Object o : list(key, maxItems)) out.add(link(o, key, codec));
        return out;
    }

    Cid link(Object o, String key, int codec) {
        if (!(o instanceof Cid c)) throw new ManifestFormatException(what + "." + key + " holds a non-link value");
        checkCodec(c, key, codec);
        return c;
    }

    void checkCodec(Cid c, String key, int codec) {
        if (c.version() != 1 || c.codec() != codec) {
            throw new ManifestFormatException(what + "." + key + ": CID " + c + " must be CIDv1 with codec 0x" + Integer.toHexString(codec));
        }
    }
}
