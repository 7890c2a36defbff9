package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.phoenix.node.demo.TreeDiff;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap does not grow with the number of files: snapshot (first and incremental), verify and
 * restore of 20,000 small files, 10,000 of them in one directory, each in a child JVM whose heap
 * (64 MiB, one thread: its fixed buffers, ~50 MiB at most, fit) is smaller than what the engine
 * used to need (its buffers plus ~800 bytes a file: 16 MB more here). An OutOfMemoryError fails
 * the command and the test.
 */
class SmallHeapIT {
    private static final List<String> HEAP = List.of("-Xmx64m");

    @TempDir
    Path dir;

    @Test
    void TwentyThousandSmallFilesInASixtyFourMiBHeap() throws Exception {
        CliHarness cli = new CliHarness(dir.resolve("home")).init();
        Path src = Files.createDirectories(dir.resolve("src"));
        for (int d = 0; d < 10; d++) {
            Path sub = Files.createDirectories(src.resolve(String.format("d%02d", d)));
            for (int i = 0; i < 1000; i++) write(sub.resolve(String.format("%05d.json", i)), d * 1000 + i);
        }
        Path flat = Files.createDirectories(src.resolve("flat"));
        for (int i = 0; i < 10_000; i++) write(flat.resolve(String.format("%05d.log", i)), 100_000 + i);
        String layer = "body=" + src;

        run(cli, "snapshot", "--layer", layer, "--threads", "1", "-q");
        write(flat.resolve("00042.log"), 7); // an incremental run: one file changed
        run(cli, "snapshot", "--layer", layer, "--threads", "1", "-q");
        run(cli, "verify", "--threads", "1");
        Path out = dir.resolve("out");
        run(cli, "restore", "latest", "--to", out.toString(), "--threads", "1", "-q");
        assertEquals(List.of(), TreeDiff.compare(src, out.resolve("body")));
    }

    private void run(CliHarness cli, String... args) throws Exception {
        Path log = dir.resolve(args[0] + "-" + System.nanoTime() + ".log");
        Process p = CliProcess.start(List.of(), HEAP, cli.env, log, args);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), String.join(" ", args) + " finished");
        String output = Files.readString(log);
        assertFalse(output.contains("OutOfMemoryError"), output);
        assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + output);
    }

    private static void write(Path p, int n) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < 200 + n % 400; i++) {
            b.append("{\"t\":").append(n * 1000L + i).append(",\"kind\":\"episode\",\"v\":").append((n * 31 + i) % 997).append("}\n");
        }
        Files.writeString(p, b, StandardCharsets.UTF_8);
    }
}
