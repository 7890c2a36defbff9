package io.phoenix.protocol.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.phoenix.protocol.multiformats.Cid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CidSorterTest {
    @TempDir
    Path tmp;

    static Cid cid(int n) {
        return Cid.ofRaw(new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16)});
    }

    List<Cid> drain(CidSorter s) throws Exception {
        List<Cid> out = new ArrayList<>();
        s.drain(out::add);
        return out;
    }

    @Test
    void sortsAndDropsDuplicatesInMemory() throws Exception {
        try (CidSorter s = new CidSorter(tmp.resolve("sort"), 1 << 20)) {
            TreeSet<Cid> expected = new TreeSet<>();
            Random r = new Random(1);
            for (int i = 0; i < 5_000; i++) {
                Cid c = cid(r.nextInt(2_000));
                expected.add(c);
                s.add(c);
            }
            assertEquals(List.copyOf(expected), drain(s));
            assertFalse(Files.exists(tmp.resolve("sort")), "nothing spilled");
        }
    }

    @Test
    void spillsRunsAndMergesThemWithBoundedMemory() throws Exception {
        TreeSet<Cid> expected = new TreeSet<>();
        try (CidSorter s = new CidSorter(tmp.resolve("sort"), 100 * CidSorter.CID_BYTES)) {
            Random r = new Random(2);
            for (int i = 0; i < 20_000; i++) {
                Cid c = cid(r.nextInt(7_000));
                expected.add(c);
                s.add(c);
            }
            assertEquals(20_000, s.added());
            assertEquals(List.copyOf(expected), drain(s));
        }
        try (var left = Files.list(tmp.resolve("sort"))) {
            assertEquals(0, left.count(), "runs deleted on close");
        }
    }

    @Test
    void emptyAndNonRawCids() throws Exception {
        try (CidSorter s = new CidSorter(tmp, 1 << 10)) {
            assertThrows(IllegalArgumentException.class, () -> s.add(Cid.of(Cid.DAG_CBOR, new byte[] {1})));
            assertEquals(List.of(), drain(s));
            assertThrows(IllegalStateException.class, () -> s.add(cid(1)));
        }
    }
}
