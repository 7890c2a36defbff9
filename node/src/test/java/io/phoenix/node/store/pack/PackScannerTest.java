package io.phoenix.node.store.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Cid;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading packs without the index: damage costs the entries it touches, random bytes never index anything, nothing hangs. */
class PackScannerTest {
    @TempDir
    Path dir;

    /** What a scan reported. */
    static final class Collected implements PackScanner.Sink {
        final List<Cid> entries = new ArrayList<>();
        final List<long[]> locations = new ArrayList<>();
        final List<String> damage = new ArrayList<>();
        final List<Cid> damagedCids = new ArrayList<>();

        @Override
        public void entry(Cid cid, IndexKey key, long offset, int length) {
            entries.add(cid);
            locations.add(new long[] {offset, length});
        }

        @Override
        public void damage(long offset, Cid cid, String reason) {
            damage.add(offset + ": " + reason);
            if (cid != null) damagedCids.add(cid);
        }

        @Override
        public void headerDamaged(String reason) {
            damage.add("header: " + reason);
        }
    }

    Collected scan(Path pack, int maxBlockBytes) throws IOException {
        Collected c = new Collected();
        try (FileChannel ch = FileChannel.open(pack, StandardOpenOption.READ)) {
            new PackScanner(maxBlockBytes).scan(ch, ch.size(), "the pack", c);
        }
        return c;
    }

    static byte[] header() {
        return ByteBuffer.allocate(8).putInt(0x5058504b).putInt(1).array();
    }

    @Test
    void RandomBytesBetweenEntriesNeverIndexAnythingThatDoesNotVerify() throws Exception {
        for (long seed = 1; seed <= 25; seed++) {
            Random rnd = new Random(seed);
            ByteArrayOutputStream pack = new ByteArrayOutputStream();
            pack.writeBytes(header());
            Set<Cid> good = new HashSet<>();
            Set<Cid> flipped = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                byte[] data = new byte[rnd.nextInt(3_000)];
                rnd.nextBytes(data);
                byte[] entry = IndexRebuildTest.entry(data);
                switch (rnd.nextInt(6)) {
                    case 0 -> { // garbage before the entry
                        byte[] junk = new byte[1 + rnd.nextInt(200)];
                        rnd.nextBytes(junk);
                        pack.writeBytes(junk);
                        pack.writeBytes(entry);
                        good.add(Cid.ofRaw(data));
                    }
                    case 1 -> { // a flipped data byte
                        if (data.length == 0) continue;
                        entry[entry.length - 1 - rnd.nextInt(data.length)] ^= 0x01;
                        pack.writeBytes(entry);
                        flipped.add(Cid.ofRaw(data));
                    }
                    default -> {
                        pack.writeBytes(entry);
                        good.add(Cid.ofRaw(data));
                    }
                }
            }
            byte[] torn = IndexRebuildTest.entry(new byte[500]);
            pack.write(torn, 0, 1 + rnd.nextInt(torn.length - 1)); // a torn last entry
            Path file = Files.write(dir.resolve("p" + seed), pack.toByteArray());
            Collected c = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> scan(file, 64 << 10));
            assertEquals(good, new HashSet<>(c.entries), "seed " + seed + ": " + c.damage);
            assertTrue(new HashSet<>(c.damagedCids).containsAll(flipped), "seed " + seed + ": every flipped entry is named: " + c.damage);
            byte[] all = pack.toByteArray();
            for (int i = 0; i < c.entries.size(); i++) {
                long[] at = c.locations.get(i);
                assertTrue(c.entries.get(i).verifies(all, (int) at[0], (int) at[1]), "what is reported verifies at its location");
            }
            assertTrue(c.damage.get(c.damage.size() - 1).contains("to the end of the pack"), "the torn entry is reported: " + c.damage);
        }
    }

    @Test
    void PacksOfRandomBytesGiveNoEntriesAndEnd() throws Exception {
        for (long seed = 1; seed <= 50; seed++) {
            Random rnd = new Random(seed);
            byte[] junk = new byte[rnd.nextInt(100_000)];
            rnd.nextBytes(junk);
            if (rnd.nextBoolean() && junk.length >= 8) System.arraycopy(header(), 0, junk, 0, 8);
            Path file = Files.write(dir.resolve("r" + seed), junk);
            Collected c = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> scan(file, 64 << 10));
            assertEquals(List.of(), c.entries);
        }
    }

    @Test
    void DamagedPackHeaderIsReportedAndItsEntriesStillRead() throws Exception {
        byte[] data = IndexRebuildTest.block(100, 1);
        byte[] entry = IndexRebuildTest.entry(data);
        byte[] pack = ByteBuffer.allocate(8 + entry.length).put("XXXXXXXX".getBytes()).put(entry).array();
        Collected c = scan(Files.write(dir.resolve("h"), pack), 4 << 20);
        assertEquals(List.of(Cid.ofRaw(data)), c.entries);
        assertTrue(c.damage.get(0).startsWith("header: "), c.damage.toString());
    }

    @Test
    void BlocksLargerThanTheWindowDefaultStillScan() throws Exception {
        byte[] big = IndexRebuildTest.block(3 << 20, 5); // more than the 1 MiB window: the window grows to the largest block
        Path file = Files.write(dir.resolve("b"), header());
        Files.write(file, IndexRebuildTest.entry(big), StandardOpenOption.APPEND);
        Files.write(file, IndexRebuildTest.entry(IndexRebuildTest.block(10, 6)), StandardOpenOption.APPEND);
        Collected c = scan(file, 4 << 20);
        assertEquals(List.of(Cid.ofRaw(big), Cid.ofRaw(IndexRebuildTest.block(10, 6))), c.entries);
    }
}
