package io.phoenix.bridge.car;

import io.phoenix.protocol.testing.MapBlockStore;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.TestSnapshots;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CarImportTest {
    @TempDir
    Path dir;

    private final MapBlockStore local = new MapBlockStore();

    private Path export(Snapshot s) throws Exception {
        Path car = dir.resolve("s.car");
        try (var out = Files.newOutputStream(car)) {
            CarExport.write(s, out);
        }
        return car;
    }

    @Test
    void exportThenImportIntoAnEmptyStoreIsByteIdentical() throws Exception {
        Snapshot s = TestSnapshots.small(local, 1);
        Path car = export(s);
        MapBlockStore fresh = new MapBlockStore();
        CarImport.Result r = new CarImport(TestSnapshots.LAYOUT).importFile(car, fresh);
        assertEquals(s.root(), r.root());
        assertEquals(TestSnapshots.blocks(s).size(), r.blocksStored());
        for (Cid cid : TestSnapshots.blocks(s)) assertArrayEquals(local.get(cid), fresh.get(cid));
    }

    @Test
    void headerIsDagCborRootsThenVersion() throws Exception {
        Snapshot s = TestSnapshots.small(local, 2);
        byte[] car = Files.readAllBytes(export(s));
        byte[] cid = s.root().toBytes();
        // 0x3a = 58 header bytes; a2 map(2), 65 "roots", 81 array(1), d8 2a tag 42, 58 25 bytes(37), 00 prefix
        String expected = "3a" + "a2" + "65726f6f7473" + "81" + "d82a" + "5825" + "00" + HexFormat.of().formatHex(cid)
                + "6776657273696f6e" + "01";
        assertEquals(expected, HexFormat.of().formatHex(car, 0, expected.length() / 2));
        // first section: varint(len) ‖ root CID ‖ root block
        int at = expected.length() / 2;
        long[] len = Varint.decode(car, at);
        byte[] rootBlock = local.get(s.root());
        assertEquals(cid.length + rootBlock.length, len[0]);
        assertArrayEquals(cid, Arrays.copyOfRange(car, at + (int) len[1], at + (int) len[1] + cid.length));
    }

    @Test
    void CorruptBlockIsRejectedWithItsOffsetAndNothingIsStored() throws Exception {
        Snapshot s = TestSnapshots.small(local, 3);
        Path car = export(s);
        byte[] bytes = Files.readAllBytes(car);
        bytes[bytes.length - 10] ^= 0x01;
        Files.write(car, bytes);
        MapBlockStore fresh = new MapBlockStore();
        FormatException e = assertThrows(FormatException.class, () -> new CarImport(TestSnapshots.LAYOUT).importFile(car, fresh));
        assertTrue(e.getMessage().contains("do not hash to " + TestSnapshots.blocks(s).get(TestSnapshots.blocks(s).size() - 1)), e.getMessage());
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
        assertTrue(fresh.contents().isEmpty());
    }

    @Test
    void TruncatedCarIsRejectedAndNothingIsStored() throws Exception {
        Snapshot s = TestSnapshots.small(local, 4);
        Path car = export(s);
        byte[] bytes = Files.readAllBytes(car);
        Files.write(car, Arrays.copyOf(bytes, bytes.length - 100));
        MapBlockStore fresh = new MapBlockStore();
        FormatException e = assertThrows(FormatException.class, () -> new CarImport(TestSnapshots.LAYOUT).importFile(car, fresh));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(fresh.contents().isEmpty());
    }

    @Test
    void CarMissingANeededBlockIsRejectedAndNothingIsStored() throws Exception {
        Snapshot s = TestSnapshots.small(local, 5);
        List<Cid> blocks = new ArrayList<>(TestSnapshots.blocks(s));
        Cid dropped = blocks.remove(7);
        Path car = dir.resolve("holey.car");
        try (var out = Files.newOutputStream(car)) {
            CarWriter w = CarWriter.start(out, s.root());
            for (Cid c : blocks) w.write(c, local.get(c));
        }
        MapBlockStore fresh = new MapBlockStore();
        FormatException e = assertThrows(FormatException.class, () -> new CarImport(TestSnapshots.LAYOUT).importFile(car, fresh));
        assertTrue(e.getMessage().contains("incomplete snapshot") && e.getMessage().contains(dropped.toString()), e.getMessage());
        assertTrue(fresh.contents().isEmpty());
    }

    @Test
    void CarV2HeaderIsRejected() {
        Cid root = Cid.ofRaw(new byte[] {1});
        byte[] v1 = new CarHeader(List.of(root)).encode();
        byte[] v2 = v1.clone();
        v2[v2.length - 1] = 0x02;
        assertEquals(root, CarHeader.decode(v1).roots().get(0));
        FormatException e = assertThrows(FormatException.class, () -> CarHeader.decode(v2));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void OversizedSectionLengthIsRejectedWithoutAllocating() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarWriter.start(out, Cid.ofRaw(new byte[] {1}));
        out.writeBytes(Varint.encode(1L << 40));
        CarReader r = CarReader.open(new java.io.ByteArrayInputStream(out.toByteArray()));
        FormatException e = assertThrows(FormatException.class, r::next);
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    @Test
    void InterruptedExportResumesAfterTheLastWholeSectionAndCutsTheTornTail() throws Exception {
        Snapshot s = TestSnapshots.small(local, 6);
        Path target = dir.resolve("r.car");
        byte[] full = Files.readAllBytes(export(s));
        Path partial = CarExport.partialOf(target);
        Files.write(partial, Arrays.copyOf(full, full.length / 2)); // torn in the middle of a section
        CarExport.Result r = CarExport.toFile(s, target);
        assertTrue(r.blocksResumed() > 0 && r.blocksWritten() < TestSnapshots.blocks(s).size(), r.toString());
        assertEquals(TestSnapshots.blocks(s).size(), r.blocksResumed() + r.blocksWritten());
        assertArrayEquals(full, Files.readAllBytes(target));
        assertTrue(Files.notExists(partial));
    }
}
