package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bridge failures through the CLI over real loopback sockets: the kind and whether retrying helps. */
class BridgeFailuresIT {
    @TempDir
    Path dir;

    @Test
    void UnreachableBridgeIsReportedAsRetryable() throws Exception {
        CliHarness cli = new CliHarness(dir.resolve("home")).init();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        BridgeFixture.appendConfig(cli.home, "[bridges.ipfs]\napi = \"http://127.0.0.1:" + port + "\"\n");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/a.txt"), "a");
        assertEquals(0, cli.run("snapshot", "-q", "--layer", "mind=" + dir.resolve("src")).code());
        CliHarness.Result p = cli.run("bridge", "push", "ipfs", "latest");
        assertEquals(ExitCode.FAILURE, p.code(), p.toString());
        assertTrue(p.err().contains("unreachable") && p.err().contains("retrying later may help"), p.err());
        CliHarness.Result st = cli.run("bridge", "status", "--json");
        assertEquals(0, st.code(), st.toString());
        assertTrue(st.out().contains("\"state\":\"unknown\"") && st.out().contains("unreachable"), st.out());
    }
}
