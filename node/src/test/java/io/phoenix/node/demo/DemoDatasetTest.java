package io.phoenix.node.demo;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDatasetTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedGivesIdenticalTrees() throws Exception {
        new DemoDataset(7, 1).generate(dir.resolve("x"));
        new DemoDataset(7, 1).generate(dir.resolve("y"));
        assertEquals(List.of(), TreeDiff.compare(dir.resolve("x"), dir.resolve("y")));
        assertTrue(Files.isSymbolicLink(dir.resolve("x/mind/weights/current.bin")));
        assertTrue(Files.isDirectory(dir.resolve("x/body/snapshots/empty")));
    }

    @Test
    void treeDiffNamesEveryKindOfDifference() throws Exception {
        DemoDataset a = new DemoDataset(7, 1);
        a.generate(dir.resolve("x"));
        new DemoDataset(7, 1).generate(dir.resolve("y"));
        Path y = dir.resolve("y");
        var mtime = Files.getLastModifiedTime(y.resolve("mind/knowledge/graph.jsonl"));
        byte[] g = Files.readAllBytes(y.resolve("mind/knowledge/graph.jsonl"));
        g[10] ^= 1;
        Files.write(y.resolve("mind/knowledge/graph.jsonl"), g);
        Files.setLastModifiedTime(y.resolve("mind/knowledge/graph.jsonl"), mtime);
        Files.setAttribute(y.resolve("body/runtime/start.sh"), "unix:mode", 0700);
        Files.delete(y.resolve("spirit/alignment/empty"));
        Files.delete(y.resolve("spirit/dangling"));
        Files.createSymbolicLink(y.resolve("spirit/dangling"), Path.of("elsewhere"));
        String diffs = String.join("\n", TreeDiff.compare(dir.resolve("x"), y));
        assertTrue(diffs.contains("mind/knowledge/graph.jsonl: content differs"), diffs);
        assertTrue(diffs.contains("body/runtime/start.sh: mode 755 != 700"), diffs);
        assertTrue(diffs.contains("spirit/alignment/empty: missing from the restore"), diffs);
        assertTrue(diffs.contains("spirit/dangling: symlink target differs"), diffs);
    }

    @Test
    void changeTouchesEveryLayer() throws Exception {
        DemoDataset d = new DemoDataset(3, 1);
        d.generate(dir.resolve("x"));
        new DemoDataset(3, 1).generate(dir.resolve("y"));
        d.change(dir.resolve("x"));
        String diffs = String.join("\n", TreeDiff.compare(dir.resolve("y"), dir.resolve("x")));
        for (String layer : List.of("mind/", "body/", "spirit/")) assertTrue(diffs.contains(layer), diffs);
    }
}
