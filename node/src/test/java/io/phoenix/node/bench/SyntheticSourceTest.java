package io.phoenix.node.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.restore.Damage;
import io.phoenix.node.restore.RestoreStats;
import io.phoenix.node.snapshot.FileStat;
import io.phoenix.node.snapshot.Repository;
import io.phoenix.node.snapshot.SnapshotOutcome;
import io.phoenix.node.snapshot.SnapshotStats;
import io.phoenix.node.snapshot.Warnings;
import io.phoenix.node.store.pack.PackBlockStore;
import io.phoenix.protocol.block.DataKeys;
import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.manifest.ManifestSigner;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticSourceTest {
    private static final Path BODY = SyntheticSource.ROOT.resolve("body");

    @Test
    void sameSpecAndGenerationGiveTheSameTree() throws Exception {
        SyntheticSource.Spec spec = new SyntheticSource.Spec(7, 50_000, 10, 0.1, 0.01);
        SyntheticSource a = new SyntheticSource(spec, 4), b = new SyntheticSource(spec, 4);
        Path file = BODY.resolve("t0000/d03/f017");
        assertEquals(a.stat(file), b.stat(file));
        assertArrayEquals(read(a, file), read(b, file));
        assertEquals(a.stat(file).size(), read(a, file).length);
        assertTrue(a.stat(file).size() >= SyntheticSource.MIN_SIZE && a.stat(file).size() < SyntheticSource.MIN_SIZE + SyntheticSource.SIZE_SPREAD);
        assertEquals(FileStat.Kind.DIRECTORY, a.stat(BODY.resolve("t0000/d03")).kind());
        assertEquals(List.of("f000", "f001"), names(a, BODY.resolve("t0000/d03")).subList(0, 2));
        assertEquals(1000, names(a, BODY.resolve("t0000/d03")).size());
        assertEquals(List.of("t0000"), names(a, BODY), "25,000 files of body: 25 leaf directories under one top directory");
        assertEquals(25, names(a, BODY.resolve("t0000")).size());
        assertThrows(NoSuchFileException.class, () -> a.stat(BODY.resolve("t0000/d25")));
        assertThrows(NoSuchFileException.class, () -> a.stat(BODY.resolve("t0001")));
        assertThrows(NoSuchFileException.class, () -> a.stat(SyntheticSource.ROOT.resolve("soul")));
    }

    @Test
    void eachGenerationRewritesItsShareOfTheDirectories() throws Exception {
        SyntheticSource.Spec spec = new SyntheticSource.Spec(3, 1_000_000, 5, 0.1, 0.01);
        int[] leaves = {200, 500, 300}; // 1,000,000 files: 20%, 50%, 30%
        String[] layers = {"mind", "body", "spirit"};
        for (int g = 1; g <= 6; g++) {
            SyntheticSource before = new SyntheticSource(spec, g - 1), now = new SyntheticSource(spec, g);
            int rewritten = 0;
            for (int l = 0; l < layers.length; l++) {
                for (int k = 0; k < leaves[l]; k++) {
                    Path f = SyntheticSource.ROOT.resolve(layers[l]).resolve(String.format("t%04d/d%02d/f999", k / 100, k % 100));
                    FileStat was = before.stat(f), is = now.stat(f);
                    if (was.contentMayDiffer(is)) {
                        rewritten++;
                        assertEquals(was.inode(), is.inode(), "rewritten in place");
                        assertTrue(!java.util.Arrays.equals(read(before, f), read(now, f)));
                    } else {
                        assertArrayEquals(read(before, f), read(now, f));
                    }
                }
            }
            assertEquals(g < 5 ? 100 : 10, rewritten, "generation " + g + " rewrote 10%, then 1%, of 1,000 directories");
        }
    }

    @Test
    void theEngineStoresItAndReadsOnlyRewrittenFilesNextTime(@TempDir Path dir) throws Exception {
        SyntheticSource.Spec spec = new SyntheticSource.Spec(11, 6_000, 3, 0.34, 0.01);
        try (PackBlockStore store = PackBlockStore.open(dir.resolve("store"))) {
            Random r = new Random(5);
            byte[] secret = new byte[32], ed = new byte[32];
            r.nextBytes(secret);
            r.nextBytes(ed);
            SecureRandom sr = SecureRandom.getInstance("SHA1PRNG");
            sr.setSeed(5);
            Repository repo = new Repository(store, DataKeys.derive(secret), new ManifestSigner(ed, MlDsa65KeyPair.generate(sr)),
                    dir.resolve("state"), "local", "test", Clock.systemUTC());
            List<Warnings.Warning> warned = new ArrayList<>();
            SyntheticSource first = new SyntheticSource(spec, 0);
            SnapshotStats s0 = new SnapshotStats();
            SnapshotOutcome o0 = repo.snapshot(first, first.layers(), 2, s0, new Warnings(warned::add));
            assertEquals(6_000, s0.files.get());
            assertEquals(6_000, s0.filesRead.get());
            assertTrue(o0.blocks() > 6_000 && o0.blocks() < 6_100, "one block per file, plus listings and index: " + o0.blocks());

            SyntheticSource second = new SyntheticSource(spec, 1);
            long rewritten = 0;
            for (String layer : List.of("mind", "body", "spirit")) {
                for (String top : names(second, SyntheticSource.ROOT.resolve(layer))) {
                    for (String leaf : names(second, SyntheticSource.ROOT.resolve(layer).resolve(top))) {
                        Path d = SyntheticSource.ROOT.resolve(layer).resolve(top).resolve(leaf);
                        for (String f : names(second, d)) if (first.stat(d.resolve(f)).contentMayDiffer(second.stat(d.resolve(f)))) rewritten++;
                    }
                }
            }
            SnapshotStats s1 = new SnapshotStats();
            SnapshotOutcome o1 = repo.snapshot(second, second.layers(), 2, s1, new Warnings(warned::add));
            assertTrue(rewritten > 0, "generation 1 rewrote something");
            assertEquals(rewritten, s1.filesRead.get(), "only rewritten files are read");
            assertTrue(s1.newBlocks.get() >= rewritten, "a new block per rewritten file");
            assertEquals(List.of(), warned);

            Path target = dir.resolve("restored");
            Damage damage = new Damage();
            repo.restore(repo.history().resolve(o1.id().toString()).orElseThrow().signed(), target, List.of("body"), "t0000/d01",
                    2, new RestoreStats(), damage);
            Path leaf = BODY.resolve("t0000/d01");
            List<String> restored;
            try (var files = Files.list(target.resolve("body/t0000/d01"))) {
                restored = files.map(p -> p.getFileName().toString()).sorted().toList();
            }
            assertEquals(names(second, leaf), restored);
            for (String f : restored) assertArrayEquals(read(second, leaf.resolve(f)), Files.readAllBytes(target.resolve("body/t0000/d01").resolve(f)), f);
        }
    }

    private static byte[] read(SyntheticSource s, Path file) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4096);
        try (ReadableByteChannel ch = s.open(file)) {
            while (ch.read(b) >= 0) { }
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    private static List<String> names(SyntheticSource s, Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        for (byte[] n : s.names(dir)) out.add(new String(n, StandardCharsets.UTF_8));
        out.sort(null);
        return out;
    }
}
