package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.phoenix.node.demo.DemoDataset;
import io.phoenix.node.demo.TreeDiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    private static final List<String> COMMANDS = List.of("init", "snapshot", "snapshots", "restore", "verify", "demo");

    @Test
    void everyCommandHasCompleteHelp() {
        CliHarness cli = new CliHarness(dir.resolve("home"));
        CliHarness.Result top = cli.run("--help");
        assertEquals(0, top.code());
        for (String c : COMMANDS) assertTrue(top.out().contains(c), top.out());
        assertTrue(top.out().contains("Exit codes"), top.out());
        for (String c : COMMANDS) {
            CliHarness.Result r = cli.run(c, "--help");
            assertEquals(0, r.code(), c);
            assertTrue(r.out().contains("--home"), c + " inherits --home:\n" + r.out());
            assertTrue(r.out().contains("--passphrase-file"), c);
            assertTrue(r.out().contains("-q"), c);
        }
        for (String c : List.of("snapshot", "snapshots", "restore", "verify", "demo", "init")) {
            assertTrue(cli.run(c, "--help").out().contains("--json"), c);
        }
    }

    @Test
    void UnknownOptionIsAUsageError() {
        CliHarness cli = new CliHarness(dir.resolve("home"));
        assertEquals(ExitCode.USAGE, cli.run("snapshot", "--frobnicate").code());
        assertEquals(ExitCode.USAGE, cli.run("restore", "latest").code(), "--to is required");
        assertEquals(ExitCode.USAGE, cli.run("nosuchcommand").code());
    }

    @Test
    void MissingHomeSaysRunInit() {
        CliHarness.Result r = new CliHarness(dir.resolve("nohome")).run("snapshots");
        assertEquals(ExitCode.FAILURE, r.code());
        assertTrue(r.err().contains("phoenix init"), r.toString());
    }

    @Test
    void snapshotRestoreVerifyThroughTheCli() throws Exception {
        CliHarness cli = new CliHarness(dir.resolve("home")).init();
        Path src = dir.resolve("src");
        new DemoDataset(5, 1).generate(src);
        String[] layers = {"--layer", "mind=" + src.resolve("mind"), "--layer", "body=" + src.resolve("body"),
            "--layer", "spirit=" + src.resolve("spirit")};
        CliHarness.Result s1 = cli.run(concat(new String[] {"snapshot", "--json"}, layers));
        assertEquals(0, s1.code(), s1.toString());
        for (String k : List.of("id", "files", "bytes", "newBytes", "blocks", "newBlocks", "seconds")) {
            assertTrue(s1.out().contains("\"" + k + "\":"), k + " in " + s1.out());
        }
        String id1 = field(s1.out(), "id");
        assertTrue(id1.startsWith("bafyrei"), id1);
        assertEquals("12", field(s1.out(), "files"));

        Files.writeString(src.resolve("spirit/new.txt"), "new");
        CliHarness.Result s2 = cli.run(concat(new String[] {"snapshot", "-q"}, layers));
        assertEquals(0, s2.code(), s2.toString());
        String id2 = s2.out().trim();

        CliHarness.Result list = cli.run("snapshots", "--json");
        assertEquals(0, list.code(), list.toString());
        assertTrue(list.out().indexOf(id2) < list.out().indexOf("\"id\":\"" + id1), "latest first: " + list.out());
        assertTrue(list.out().contains("\"parents\":[\"" + id1 + "\"]"), list.out());

        Path out = dir.resolve("out");
        CliHarness.Result r = cli.run("restore", "latest", "--to", out.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        for (String l : List.of("mind", "body", "spirit")) assertEquals(List.of(), TreeDiff.compare(src.resolve(l), out.resolve(l)));

        CliHarness.Result again = cli.run("restore", id1.substring(0, 20), "--to", out.toString());
        assertEquals(ExitCode.USAGE, again.code(), "NonEmptyTargetIsRefused");
        assertTrue(again.err().contains("--force"), again.toString());
        assertEquals(0, cli.run("restore", id1.substring(0, 20), "--to", out.toString(), "--force", "-q").code());

        CliHarness.Result v = cli.run("verify", "--all", "--json");
        assertEquals(0, v.code(), v.toString());
        assertTrue(v.out().contains("\"ok\":true"), v.out());
        assertEquals(ExitCode.USAGE, cli.run("verify", "bafyreinosuchsnapshot").code());
        assertEquals(ExitCode.USAGE, cli.run("restore", "latest", "--to", dir.resolve("o2").toString(), "--path", "x").code(),
                "--path needs one --layer");
    }

    @Test
    void WrongPassphraseExitsFourAndChangesNothing() throws Exception {
        CliHarness cli = new CliHarness(dir.resolve("home")).init();
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("a"), "a");
        assertEquals(0, cli.run("snapshot", "--layer", "mind=" + src, "-q").code());
        String before = cli.run("snapshots", "--json").out();
        cli.env.put("PHOENIX_PASSPHRASE", "wrong");
        CliHarness.Result r = cli.run("snapshot", "--layer", "mind=" + src);
        assertEquals(ExitCode.KEY, r.code(), r.toString());
        assertTrue(r.err().toLowerCase().contains("passphrase"), r.toString());
        // the snapshot command unlocks while it scans: with new data to encode it still stops with
        // the passphrase error, one line, before anything is stored
        byte[] fresh = new byte[3 << 20];
        new java.util.Random(5).nextBytes(fresh);
        Files.write(src.resolve("b"), fresh);
        r = cli.run("snapshot", "--layer", "mind=" + src);
        assertEquals(ExitCode.KEY, r.code(), r.toString());
        assertTrue(r.err().toLowerCase().contains("passphrase"), r.toString());
        assertEquals(1, r.err().lines().count(), "one clear line: " + r);
        Path pf = Files.writeString(dir.resolve("pass"), CliHarness.PASSPHRASE + "\n");
        cli.env.remove("PHOENIX_PASSPHRASE");
        assertEquals(ExitCode.KEY, cli.run("snapshots").code(), "no passphrase, no terminal");
        CliHarness.Result ok = cli.run("--passphrase-file", pf.toString(), "snapshots", "--json");
        assertEquals(0, ok.code(), ok.toString());
        assertEquals(before, ok.out());
    }

    @Test
    void MissingSourceIsAUsageErrorAndNothingIsStored() throws Exception {
        CliHarness cli = new CliHarness(dir.resolve("home")).init();
        CliHarness.Result r = cli.run("snapshot", "--layer", "mind=" + dir.resolve("nope"));
        assertEquals(ExitCode.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("does not exist"), r.toString());
        assertEquals(ExitCode.USAGE, cli.run("snapshot", "--layer", "soul=" + dir).code(), "unknown layer");
        assertEquals(ExitCode.USAGE, cli.run("snapshot").code(), "no layers given or configured");
        assertEquals("[]", cli.run("snapshots", "--json").out().trim());
    }

    @Test
    void initCreatesAHomeAndRefusesASecond() {
        CliHarness cli = new CliHarness(dir.resolve("home"));
        CliHarness.Result r = cli.run("init", "--json", "--dataset", "ai-memory", "--layer", "mind=" + dir);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("\"peerId\":\"12D3KooW"), r.out());
        CliHarness.Result again = cli.run("init");
        assertEquals(ExitCode.FAILURE, again.code());
        assertTrue(again.err().contains("already initialised"), again.toString());
    }

    @Test
    void demoRunsWithoutPromptsOrServices() {
        CliHarness cli = new CliHarness(dir.resolve("unused"));
        cli.env.clear();
        CliHarness.Result r = cli.run("demo", "--json", "--dir", dir.resolve("demo").toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("\"identical\":true"), r.out());
        assertTrue(r.out().contains("\"ok\":true"), r.out());
        assertFalse(Files.exists(dir.resolve("demo")), "cleaned up");
    }

    @Test
    void BusyHomeExitsFive() throws Exception {
        CliHarness cli = new CliHarness(dir.resolve("home")).init();
        try (io.phoenix.node.home.Home held = io.phoenix.node.home.Home.open(cli.home)) {
            CliHarness.Result r = cli.run("snapshots");
            assertEquals(ExitCode.BUSY, r.code(), r.toString());
            assertTrue(r.err().contains("in use"), r.toString());
        }
        assertEquals(0, cli.run("snapshots").code(), "free again once the holder closed it");
    }

    static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":\"?([^\",}]*)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return m.group(1);
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
