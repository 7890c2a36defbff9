package io.phoenix.node.snapshot;

import static org.junit.jupiter.api.Assertions.*;

import io.phoenix.node.restore.Damage;
import io.phoenix.protocol.block.DataKeys;
import io.phoenix.node.store.pack.PackBlockStore;
import io.phoenix.protocol.multiformats.Cid;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged block files: verify names each damaged block and file; restore writes every intact file and no damaged one. */
class DamagedStoreTest {
    @TempDir
    Path dir;

    private Path src;
    private byte[] big;

    @BeforeEach
    void data() throws Exception {
        src = Files.createDirectories(dir.resolve("src"));
        big = new byte[600_000];
        new Random(9).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Files.writeString(src.resolve("small.txt"), "intact");
    }

    private void assertNamed(Damage d, Cid cid, String file) {
        assertTrue(d.blocks().containsKey(cid.toString()), d.lines().toString());
        assertTrue(d.files().containsKey(file), d.lines().toString());
        assertEquals(1, d.files().size(), d.lines().toString());
    }

    private void damageThenCheck(java.util.function.BiConsumer<RepositoryFixture, Cid> damage, String expect) throws Exception {
        try (RepositoryFixture f = new RepositoryFixture(dir.resolve("home"), 11)) {
            Cid id = f.snapshot(new LayerSource("mind", List.of(src))).id();
            Cid chunk = f.chunksOf(id, "mind", "big.bin").get(0);
            damage.accept(f, chunk);

            Damage verify = f.verifyAll();
            assertNamed(verify, chunk, "mind/big.bin");
            assertTrue(verify.blocks().get(chunk.toString()).contains(expect), verify.lines().toString());

            Damage restore = f.restore(id, dir.resolve("out"), List.of(), null);
            assertNamed(restore, chunk, "mind/big.bin");
            assertFalse(Files.exists(dir.resolve("out/mind/big.bin")), "a damaged file is not written at all");
            assertEquals("intact", Files.readString(dir.resolve("out/mind/small.txt")));
            try (var s = Files.list(dir.resolve("out/mind"))) {
                assertEquals(1, s.count(), "no temporary file left");
            }

            // The next snapshot notices the lost block (the file cache entry no longer holds) and stores it again.
            SnapshotOutcome again = f.snapshot(new LayerSource("mind", List.of(src)));
            assertEquals(1, again.stats().filesRead.get());
            assertFalse(f.verifyAll().any(), "both snapshots whole again");
        }
    }

    @Test
    void CorruptedBlockIsNamed() throws Exception {
        damageThenCheck((f, cid) -> flip(f, cid, 100), "do not hash");
    }

    @Test
    void TornBlockWriteIsNamed() throws Exception {
        damageThenCheck((f, cid) -> tornWrite(f, cid), "do not hash");
    }

    @Test
    void MissingBlockIsNamed() throws Exception {
        damageThenCheck((f, cid) -> lose(f, cid), "missing");
    }

    @Test
    void CorruptedBlockOfASingleChunkFileIsNamed() throws Exception {
        try (RepositoryFixture f = new RepositoryFixture(dir.resolve("home"), 13)) {
            Cid id = f.snapshot(new LayerSource("mind", List.of(src))).id();
            List<Cid> chunks = f.chunksOf(id, "mind", "small.txt");
            assertEquals(1, chunks.size());
            flip(f, chunks.get(0), 20);
            Damage restore = f.restore(id, dir.resolve("out"), List.of(), null);
            assertNamed(restore, chunks.get(0), "mind/small.txt");
            assertFalse(Files.exists(dir.resolve("out/mind/small.txt")));
            assertEquals(-1, Files.mismatch(src.resolve("big.bin"), dir.resolve("out/mind/big.bin")));
        }
    }

    @Test
    void WrongRepositoryKeyReadsNothingAndSaysSo() throws Exception {
        try (RepositoryFixture f = new RepositoryFixture(dir.resolve("home"), 12)) {
            f.snapshot(new LayerSource("mind", List.of(src)));
            Repository other = f.withKeys(DataKeys.derive(new byte[32]));
            Damage d = new Damage();
            other.verify(other.history().newestFirst(), 2, new io.phoenix.node.restore.RestoreStats(), d);
            assertTrue(d.any());
            assertTrue(String.join("\n", d.lines()).contains("does not authenticate"), d.lines().toString());
            assertFalse(f.verifyAll().any(), "the right key still reads everything");
        }
    }

    /** Flips one bit of the block's bytes inside its pack. */
    private static void flip(RepositoryFixture f, Cid cid, int at) {
        PackBlockStore.Position p = position(f, cid);
        try (RandomAccessFile file = new RandomAccessFile(p.pack().toFile(), "rw")) {
            file.seek(p.offset() + at);
            int b = file.read();
            file.seek(p.offset() + at);
            file.write(b ^ 0x40);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The second half of the block's bytes never reached the disk (zeros where they should be). */
    private static void tornWrite(RepositoryFixture f, Cid cid) {
        PackBlockStore.Position p = position(f, cid);
        try (RandomAccessFile file = new RandomAccessFile(p.pack().toFile(), "rw")) {
            file.seek(p.offset() + p.length() / 2);
            file.write(new byte[p.length() - p.length() / 2]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The store no longer has the block. */
    private static void lose(RepositoryFixture f, Cid cid) {
        try {
            f.store.delete(cid);
            f.store.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static PackBlockStore.Position position(RepositoryFixture f, Cid cid) {
        try {
            PackBlockStore.Position p = f.store.position(cid);
            if (p == null) throw new AssertionError("block to damage is absent: " + cid);
            return p;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
