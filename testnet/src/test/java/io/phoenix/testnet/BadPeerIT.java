package io.phoenix.testnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five nodes, node1 serving every data block with a bit flipped (after holding the whole snapshot,
 * so it is as likely a source as the writer): everyone converges, and the nodes that received a
 * bad block banned node1.
 */
class BadPeerIT {
    @TempDir
    Path dir;

    @Test
    void peerServingCorruptBlocksIsBannedAndEveryoneConverges() throws Exception {
        String report = Scenarios.run("bad-peer", 5, 4, dir, Duration.ofSeconds(90), Scenarios.DEFAULT_UPLOAD);
        System.out.println(report);
        assertTrue(report.endsWith("\"ok\":true}"), report);
        assertTrue(!report.contains("\"seconds_to_verified\":null"), report);
        Matcher banned = Pattern.compile("\"banned_by\":(\\d+)").matcher(report);
        assertTrue(banned.find() && Integer.parseInt(banned.group(1)) >= 1, report);
    }
}
