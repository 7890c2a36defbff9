package io.phoenix.node.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.restore.Damage;
import io.phoenix.node.verify.IndexCoverage;
import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.manifest.Manifest;
import io.phoenix.protocol.multiformats.Cid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index check of verify: a block the trees need but the index pages leave out is named, and only that one. */
class IndexCoverageTest {
    @TempDir
    Path dir;

    @Test
    void aBlockMissingFromTheIndexIsNamedAndNothingElse() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        byte[] big = new byte[900_000];
        new Random(3).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        for (int i = 0; i < 50; i++) Files.writeString(src.resolve("f" + i + ".txt"), "file " + i);
        try (RepositoryFixture f = new RepositoryFixture(dir.resolve("home"), 5)) {
            Cid id = f.snapshot(new LayerSource("mind", List.of(src))).id();
            Manifest m = f.repo.history().resolve(id.toString()).orElseThrow().signed().manifest();
            Path tmp = dir.resolve("tmp");

            Damage whole = new Damage();
            IndexCoverage.check(f.store, f.trees(), m, id, tmp, whole);
            assertFalse(whole.any(), whole.lines().toString());

            // The same snapshot with one chunk of big.bin left out of its index pages.
            Cid left = f.chunksOf(id, "mind", "big.bin").get(1);
            List<Cid> pages = new ArrayList<>();
            int dropped = 0;
            for (Cid page : m.indexPages()) {
                List<Cid> blocks = new ArrayList<>(IndexPage.decode(page, f.store.get(page)).blocks());
                if (blocks.remove(left)) dropped++;
                byte[] bytes = new IndexPage(blocks).encode();
                Cid cid = Cid.of(Cid.DAG_CBOR, bytes);
                f.store.put(cid, bytes);
                pages.add(cid);
            }
            assertEquals(1, dropped);
            Manifest lacking = new Manifest(m.swarmId(), m.dataset(), m.sequence(), m.time(), m.parents(), m.author(), m.layers(), m.totals(), pages);
            Damage damage = new Damage();
            IndexCoverage.check(f.store, f.trees(), lacking, id, tmp, damage);
            assertEquals(List.of(left.toString()), List.copyOf(damage.blocks().keySet()), damage.lines().toString());
            assertTrue(damage.blocks().get(left.toString()).contains("missing from its index"), damage.lines().toString());
            try (var s = Files.list(tmp)) {
                assertEquals(0, s.count(), "no temporary file left");
            }
        }
    }
}
