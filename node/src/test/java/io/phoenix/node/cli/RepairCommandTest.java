package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.demo.DemoDataset;
import io.phoenix.node.home.Home;
import io.phoenix.node.store.TestBlocks;
import io.phoenix.node.store.Tmpfs;
import io.phoenix.node.store.pack.PackBlockStore;
import io.phoenix.protocol.json.Json;
import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phoenix repair index} through the in-process CLI: exit codes, JSON fields, damage named, a busy home, a full disk. */
class RepairCommandTest {
    @TempDir
    Path dir;

    private static List<Cid> putBlocks(Path store, int n) throws IOException {
        List<Cid> cids = new ArrayList<>();
        try (PackBlockStore s = PackBlockStore.open(store)) {
            for (int i = 0; i < n; i++) {
                byte[] data = TestBlocks.random(2_000, i);
                s.put(Cid.ofRaw(data), data);
                cids.add(Cid.ofRaw(data));
            }
        }
        return cids;
    }

    private static List<Path> runs(Path store) throws IOException {
        try (Stream<Path> s = Files.list(store.resolve("index"))) {
            return s.filter(p -> p.toString().endsWith(".run")).sorted().toList();
        }
    }

    private static void flip(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x40);
        }
    }

    @Test
    void DamagedIndexStopsTheHomeUntilRepairIndexRebuildsIt() throws Exception {
        CliHarness cli = new CliHarness(dir.resolve("home")).init();
        Path src = dir.resolve("src");
        new DemoDataset(3, 1).generate(src);
        assertEquals(0, cli.run("snapshot", "-q", "--layer", "mind=" + src.resolve("mind"), "--layer", "body=" + src.resolve("body")).code());
        Path store = cli.home.resolve("store");
        Path run = runs(store).get(0);
        flip(run, 100); // the run's header (fan-out)

        CliHarness.Result broken = cli.run("snapshots");
        assertEquals(ExitCode.FAILURE, broken.code(), broken.toString());
        assertTrue(broken.err().contains(run.toString()) && broken.err().contains("phoenix repair index"), broken.toString());

        CliHarness.Result r = cli.run("repair", "index", "--json");
        assertEquals(0, r.code(), r.toString());
        Map<String, Object> j = Json.object(r.out().strip());
        for (String k : List.of("store", "packs", "bytesScanned", "entries", "indexed", "damaged", "absentBlocks", "repairedBlocks",
                "lostRegions", "bytesNotIndexed", "ledger", "runsReplaced", "seconds", "damage", "ok")) {
            assertTrue(j.containsKey(k), k + " in " + r.out());
        }
        assertEquals(store.toString(), j.get("store"));
        assertEquals(true, j.get("ok"));
        assertEquals("intact", j.get("ledger"));
        assertEquals(0L, ((Number) j.get("damaged")).longValue());
        assertTrue(((Number) j.get("indexed")).longValue() > 10, r.out());
        assertEquals(List.of(), j.get("damage"));
        assertEquals("", r.err());

        CliHarness.Result v = cli.run("verify", "--all", "--json");
        assertEquals(0, v.code(), "the rebuilt index serves every block of the snapshot: " + v);
    }

    @Test
    void DamagedBlockIsNamedAndExitsThree() throws Exception {
        CliHarness cli = new CliHarness(dir.resolve("home")).init();
        Path store = cli.home.resolve("store");
        List<Cid> cids = putBlocks(store, 50);
        Cid bad = cids.get(20);
        try (PackBlockStore s = PackBlockStore.open(store)) {
            PackBlockStore.Position at = s.position(bad);
            flip(at.pack(), at.offset() + 1_000);
        }
        CliHarness.Result text = cli.run("repair", "index");
        assertEquals(ExitCode.DAMAGE, text.code(), text.toString());
        assertTrue(text.out().contains("49 blocks indexed from 49 verified entries") && text.out().contains("DAMAGED: 1 blocks left out"), text.toString());
        assertTrue(text.err().contains("phoenix: damaged pack ") && text.err().contains(bad.toString())
                && text.err().contains("do not hash") && text.err().contains("reads as absent"), text.toString());

        CliHarness.Result json = cli.run("repair", "index", "--json");
        assertEquals(ExitCode.DAMAGE, json.code(), "the damaged entry is still in its pack: " + json);
        Map<String, Object> j = Json.object(json.out().strip());
        assertEquals(false, j.get("ok"));
        assertEquals(1L, ((Number) j.get("absentBlocks")).longValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) ((List<Object>) j.get("damage")).get(0);
        assertEquals(bad.toString(), d.get("cid"));
        assertEquals(false, d.get("goodCopy"));

        try (PackBlockStore s = PackBlockStore.open(store)) { // the block comes back from elsewhere (a snapshot, the swarm)
            assertFalse(s.has(bad));
            byte[] data = TestBlocks.random(2_000, 20);
            s.put(bad, data);
        }
        CliHarness.Result repaired = cli.run("repair", "index", "-q");
        assertEquals(0, repaired.code(), "damage a good copy repaired is no finding: " + repaired);
        assertEquals("", repaired.out());
    }

    @Test
    void RepairIsRefusedWhileTheHomeIsInUse() throws Exception {
        CliHarness cli = new CliHarness(dir.resolve("home")).init();
        Path store = cli.home.resolve("store");
        putBlocks(store, 5);
        List<Path> before = runs(store);
        try (Home held = Home.open(cli.home)) { // as 'phoenix node run' holds it
            CliHarness.Result r = cli.run("repair", "index");
            assertEquals(ExitCode.BUSY, r.code(), r.toString());
            assertTrue(r.err().contains("home " + cli.home + " is in use by pid " + ProcessHandle.current().pid()), r.toString());
        }
        assertEquals(before, runs(store), "nothing changed");
        try (PackBlockStore held = PackBlockStore.open(store)) { // a store another process uses, with the home free
            CliHarness.Result r = cli.run("repair", "index");
            assertEquals(ExitCode.BUSY, r.code(), r.toString());
            assertTrue(r.err().contains("block store " + store + " is in use"), r.toString());
        }
        assertEquals(0, cli.run("repair", "index", "-q").code());
    }

    @Test
    void FreshHomeHasNothingToRebuildAndAMissingHomeSaysInit() throws Exception {
        CliHarness cli = new CliHarness(dir.resolve("home")).init();
        CliHarness.Result r = cli.run("repair", "index", "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals(0L, ((Number) Json.object(r.out().strip()).get("indexed")).longValue());
        CliHarness.Result none = new CliHarness(dir.resolve("nohome")).run("repair", "index");
        assertEquals(ExitCode.FAILURE, none.code());
        assertTrue(none.err().contains("phoenix init"), none.toString());
        CliHarness.Result help = cli.run("repair", "index", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--json") && help.out().contains("--home"), help.out());
    }

    @Test
    void FullDiskExitsOneAndKeepsTheOldIndex() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("tiny"));
        try (Tmpfs tmpfs = Tmpfs.mount(mount, "size=8m")) {
            CliHarness cli = new CliHarness(mount.resolve("home")).init();
            Path store = cli.home.resolve("store");
            List<Cid> cids = putBlocks(store, 2_000);
            List<Path> before = runs(store);
            Path filler = mount.resolve("filler");
            try (OutputStream out = Files.newOutputStream(filler)) {
                byte[] chunk = new byte[64 << 10];
                while (true) out.write(chunk);
            } catch (IOException noSpaceLeft) {
                // full
            }
            CliHarness.Result r = cli.run("repair", "index");
            assertEquals(ExitCode.FAILURE, r.code(), r.toString());
            assertTrue(r.err().contains("disk full") && r.err().contains("the old index is still in use")
                    && r.err().contains("run 'phoenix repair index' again"), r.toString());
            assertEquals(before, runs(store));
            try (PackBlockStore s = PackBlockStore.open(store)) {
                for (Cid c : cids) assertTrue(s.has(c));
            }
            Files.delete(filler);
            assertEquals(0, cli.run("repair", "index", "-q").code());
        }
    }
}
