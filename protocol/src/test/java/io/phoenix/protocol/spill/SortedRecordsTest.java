package io.phoenix.protocol.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SortedRecordsTest {
    @TempDir
    Path dir;

    /** Records of 8 bytes: the even numbers 0, 2 … 2(n-1), big-endian. */
    SortedRecords evens(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n * 8);
        for (int i = 0; i < n; i++) b.putLong(2L * i);
        Path f = dir.resolve("evens-" + n);
        Files.write(f, b.array());
        return SortedRecords.open(f, 8, 8);
    }

    static byte[] key(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    @Test
    void binarySearchFindsEveryRecordAndNothingElse() throws Exception {
        SortedRecords r = evens(1_001);
        assertEquals(1_001, r.count());
        for (long v = -1; v <= 2_003; v++) assertEquals(v >= 0 && v % 2 == 0 && v <= 2_000 ? v / 2 : -1, r.find(key(v)), "key " + v);
    }

    @Test
    void cursorAgreesWithBinarySearchInAnyOrder() throws Exception {
        SortedRecords r = evens(5_000);
        SplittableRandom random = new SplittableRandom(3);
        SortedRecords.Cursor ascending = r.cursor();
        SortedRecords.Cursor mixed = r.cursor();
        long v = -3;
        for (int i = 0; i < 20_000; i++) {
            v += random.nextInt(7); // ascending with repeats and gaps, past both ends
            assertEquals(r.find(key(v)), ascending.find(key(v)), "ascending key " + v);
            long w = random.nextLong(-5, 10_010);
            assertEquals(r.find(key(w)), mixed.find(key(w)), "key " + w);
        }
    }

    @Test
    void cidLookupsUseTheKeyOfTheMultihash() throws Exception {
        Cid raw = Cid.ofRaw(new byte[] {1, 2, 3});
        Cid cbor = Cid.of(Cid.DAG_CBOR, new byte[] {1, 2, 3});
        Path f = dir.resolve("one");
        Files.write(f, CidKey.of(raw));
        SortedRecords r = SortedRecords.open(f, CidKey.BYTES, CidKey.BYTES);
        assertTrue(r.contains(raw));
        assertTrue(r.contains(cbor)); // same bytes, same key
        assertFalse(r.contains(Cid.ofRaw(new byte[] {4})));
        assertTrue(r.cursor().contains(cbor));
        assertEquals(raw, CidKey.cid(CidKey.of(cbor), 0));
    }

    @Test
    void aClosedFileIsUnmappedAndRefusesLookups() throws Exception {
        SortedRecords r = evens(10);
        assertEquals(3, r.find(key(6)));
        r.close();
        r.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> r.find(key(6)));
        assertThrows(IllegalStateException.class, () -> r.read(0, new byte[8]));
        Files.delete(r.file());
    }

    @Test
    void aFileOfPartRecordsIsRefused() throws Exception {
        Path f = dir.resolve("torn");
        Files.write(f, new byte[13]);
        assertThrows(IOException.class, () -> SortedRecords.open(f, 8, 8));
    }

    @Test
    void readsOutsideTheFileAreRefused() throws Exception {
        SortedRecords r = evens(3);
        assertThrows(IndexOutOfBoundsException.class, () -> r.read(-1, new byte[8]));
        assertThrows(IndexOutOfBoundsException.class, () -> r.read(3, new byte[8]));
    }
}
