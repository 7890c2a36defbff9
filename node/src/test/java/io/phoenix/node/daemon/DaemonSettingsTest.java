package io.phoenix.node.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonSettingsTest {
    @TempDir
    Path home;

    @Test
    void perPeerBandwidthLimitsAreReadAndWritten() throws IOException {
        Files.writeString(home.resolve(DaemonSettings.FILE), "upload_per_peer = 1000000\ndownload_per_peer = 500000\n");
        DaemonSettings s = DaemonSettings.read(home);
        assertEquals(1_000_000, s.uploadPerPeer());
        assertEquals(500_000, s.downloadPerPeer());
        Files.writeString(home.resolve(DaemonSettings.FILE), s.toToml());
        assertEquals(s, DaemonSettings.read(home));
    }

    @Test
    void perPeerLimitsDefaultToNone() throws IOException {
        DaemonSettings s = DaemonSettings.read(home);
        assertEquals(0, s.uploadPerPeer());
        assertEquals(0, s.downloadPerPeer());
    }

    @Test
    void negativeLimitIsRejectedNamingTheFileAndKey() throws IOException {
        Files.writeString(home.resolve(DaemonSettings.FILE), "download_per_peer = -1\n");
        IOException e = assertThrows(IOException.class, () -> DaemonSettings.read(home));
        assertTrue(e.getMessage().contains("daemon.toml") && e.getMessage().contains("download_per_peer"), e.getMessage());
    }
}
