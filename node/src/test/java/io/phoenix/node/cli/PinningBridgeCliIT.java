package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.ipfs.JsIpfsNode;
import io.phoenix.bridge.pinning.PinningService;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinning (Filecoin) bridge end to end through the CLI: js-ipfs carries the blocks, the mock
 * pinning service (storage-bridges' fixture; pins named {@code pinned-…} are reported pinned) takes
 * the pin request, the token comes from {@code $PHOENIX_PINNING_TOKEN}. A home with only the keys
 * restores with {@code --from pinning}, byte-identical; without the token the push is refused.
 */
class PinningBridgeCliIT {
    @TempDir
    Path dir;

    @Test
    void pushThenRestoreFromThePinnedCopyIsByteIdentical() throws Exception {
        JsIpfsNode ipfs = JsIpfsNode.shared();
        try (PinningService service = PinningService.start()) {
            BridgeFixture f = new BridgeFixture(dir, 1, "[bridges.ipfs]\napi = \"" + ipfs.api() + "\"\n"
                    + "[bridges.filecoin]\nendpoint = \"" + service.endpoint() + "\"\nname-prefix = \"pinned-\"\n");

            CliHarness.Result noToken = f.origin.run("bridge", "push", "pinning", "latest");
            assertEquals(ExitCode.USAGE, noToken.code(), noToken.toString());
            assertTrue(noToken.err().contains("PHOENIX_PINNING_TOKEN"), noToken.err());

            f.origin.env.put("PHOENIX_PINNING_TOKEN", PinningService.TOKEN);
            long t0 = System.nanoTime();
            CliHarness.Result p = f.origin.run("bridge", "push", "pinning", "latest", "--json");
            long pushNanos = System.nanoTime() - t0;
            assertEquals(0, p.code(), p.toString());
            assertEquals("complete", BridgeFixture.field(p.out(), "state"));
            long sent = Long.parseLong(BridgeFixture.field(p.out(), "bytesSent"));
            System.out.println("Pinning push (IPFS + pin): " + BridgeFixture.rate(sent, pushNanos));

            CliHarness.Result st = f.origin.run("bridge", "status");
            assertEquals(0, st.code(), st.toString());
            assertTrue(st.out().contains("pinning") && st.out().contains("complete  ?/? blocks"), st.out());

            CliHarness fresh = f.keysOnlyCopy("fresh");
            fresh.env.put("PHOENIX_PINNING_TOKEN", PinningService.TOKEN);
            Path out = dir.resolve("out");
            CliHarness.Result r = fresh.run("restore", f.id, "--to", out.toString(), "--from", "pinning");
            assertEquals(0, r.code(), r.toString());
            f.assertRestoredIdentically(out);
        }
    }
}
