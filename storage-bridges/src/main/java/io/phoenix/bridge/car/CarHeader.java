package io.phoenix.bridge.car;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.ipld.DagCbor;
import io.phoenix.protocol.ipld.DagCborException;
import io.phoenix.protocol.multiformats.Cid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CARv1 header: the DAG-CBOR map {@code {"roots": [CID links], "version": 1}}, written and read
 * by {@link DagCbor} (so keys come in DAG-CBOR canonical order, shorter first). Decoding is strict:
 * canonical DAG-CBOR, both fields, version 1 only, no other fields.
 */
public record CarHeader(List<Cid> roots) {
    public static final int VERSION = 1;
    /** Longest header accepted when reading (a header with one root is ~60 bytes). */
    public static final int MAX_LENGTH = 64 * 1024;

    public CarHeader {
        roots = List.copyOf(roots);
    }

    public byte[] encode() {
        return DagCbor.encode(Map.of("roots", roots, "version", (long) VERSION));
    }

    public static CarHeader decode(byte[] in) {
        Object value;
        try {
            value = DagCbor.decode(in);
        } catch (DagCborException e) {
            throw new FormatException("CAR header is not valid DAG-CBOR: " + e.getMessage(), e);
        }
        if (!(value instanceof Map<?, ?> fields)) throw new FormatException("CAR header is not a DAG-CBOR map");
        for (Object key : fields.keySet()) {
            if (!key.equals("roots") && !key.equals("version")) throw new FormatException("unknown CAR header field '" + key + "'");
        }
        if (!(fields.get("version") instanceof Long version)) {
            throw new FormatException(fields.containsKey("version") ? "CAR header version is not an integer" : "CAR header lacks a version");
        }
        if (version != VERSION) throw new FormatException("CAR version " + version + " is not supported (only CARv1)");
        if (fields.containsKey("roots") && !(fields.get("roots") instanceof List)) throw new FormatException("CAR header roots are not an array");
        if (!(fields.get("roots") instanceof List<?> links) || links.isEmpty()) throw new FormatException("CAR header lists no roots");
        List<Cid> roots = new ArrayList<>(links.size());
        for (Object link : links) {
            if (!(link instanceof Cid cid)) throw new FormatException("CAR root is not a CID link (tag 42)");
            roots.add(cid);
        }
        return new CarHeader(roots);
    }
}
