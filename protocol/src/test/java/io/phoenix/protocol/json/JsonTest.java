package io.phoenix.protocol.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writtenObjectsParseBack() {
        Map<String, Object> o = Json.object();
        o.put("s", "a \"quoted\"\n\ttab \u0001");
        o.put("n", 42L);
        o.put("b", true);
        o.put("z", null);
        o.put("list", List.of("x", 1));
        Map<String, Object> back = Json.object(Json.write(o));
        assertEquals("a \"quoted\"\n\ttab \u0001", back.get("s"));
        assertEquals(new BigDecimal(42), back.get("n"));
        assertEquals(true, back.get("b"));
        assertEquals(null, back.get("z"));
        assertEquals(List.of("x", new BigDecimal(1)), back.get("list"));
        assertEquals(List.copyOf(o.keySet()), List.copyOf(back.keySet()), "insertion order kept");
    }

    @Test
    void writePolicyForDoublesIterablesAndOtherObjects() {
        Cid cid = Cid.ofRaw(new byte[] {1});
        assertEquals("[1.500,null,null,\"" + cid + "\"]", Json.write(List.of(1.5, Double.NaN, Double.POSITIVE_INFINITY, cid)));
        assertEquals("[7]", Json.write(Set.of(7)));
        assertEquals("123.4500", Json.write(new BigDecimal("123.4500")));
    }

    @Test
    void malformedAndDeeplyNestedInputIsAFormatException() {
        for (String bad : List.of("", "{", "{\"a\":}", "[1,]", "tru", "\"open", "{\"a\":1} x", "{'a':1}")) {
            assertThrows(FormatException.class, () -> Json.parse(bad), bad);
        }
        assertThrows(FormatException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
        assertThrows(FormatException.class, () -> Json.object("[1]"), "not an object");
    }
}
