package io.phoenix.node.bridges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.Bridge;
import io.phoenix.node.home.Config;
import io.phoenix.node.home.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfiguredBridgesTest {
    @TempDir
    Path home;

    private ConfiguredBridges bridges(String toml, Map<String, String> env) throws Exception {
        Config c = Config.parse("format = 1\ndataset = \"t\"\n" + toml, "test");
        return new ConfiguredBridges(c, home, env, "local");
    }

    private String refusal(String toml, String name) throws Exception {
        ConfiguredBridges b = bridges(toml, Map.of());
        return assertThrows(ConfigException.class, () -> b.open(name).close()).getMessage();
    }

    @Test
    void configuredBridgesAreListedAndOpenedWithRetries() throws Exception {
        ConfiguredBridges b = bridges("[bridges.ipfs]\napi = \"http://127.0.0.1:5001\"\n[bridges.car]\npath = \"tape\"\n"
                + "[bridges.filecoin]\nendpoint = \"http://127.0.0.1:9\"\n", Map.of("PHOENIX_PINNING_TOKEN", "secret"));
        assertEquals(List.of("ipfs", "pinning", "car"), b.configured());
        for (String n : b.configured()) {
            try (Bridge bridge = b.open(n)) {
                assertEquals("io.phoenix.bridge.RetryingBridge", bridge.getClass().getName(), n);
            }
        }
    }

    @Test
    void UnknownKeyIsRefused() throws Exception {
        String m = refusal("[bridges.ipfs]\napi = \"http://127.0.0.1:5001\"\napi-url = \"x\"\n", "ipfs");
        assertTrue(m.contains("[bridges.ipfs] has unknown key 'api-url'"), m);
    }

    @Test
    void MissingOrBadUrlIsRefused() throws Exception {
        assertTrue(refusal("[bridges.ipfs]\n", "ipfs").contains("needs 'api'"));
        assertTrue(refusal("[bridges.ipfs]\napi = \"ftp://x\"\n", "ipfs").contains("not an http(s) URL"));
        assertTrue(refusal("[bridges.ipfs]\napi = 5001\n", "ipfs").contains("must be a string"));
    }

    @Test
    void UnconfiguredBridgeSaysWhichSectionToAdd() throws Exception {
        assertTrue(refusal("", "pinning").contains("[bridges.filecoin]"));
        assertTrue(refusal("", "s3").contains("unknown bridge"));
    }

    @Test
    void PinningWithoutTokenOrIpfsIsRefused() throws Exception {
        assertTrue(refusal("[bridges.filecoin]\nendpoint = \"http://127.0.0.1:9\"\n[bridges.ipfs]\napi = \"http://127.0.0.1:5001\"\n", "pinning")
                .contains("PHOENIX_PINNING_TOKEN"));
        assertTrue(refusal("[bridges.filecoin]\nendpoint = \"http://127.0.0.1:9\"\ntoken = \"t\"\n", "pinning").contains("[bridges.ipfs]"));
    }

    @Test
    void ArweaveNeedsAWalletAndNumbers() throws Exception {
        assertTrue(refusal("[bridges.arweave]\ngateway = \"http://127.0.0.1:1984\"\n", "arweave").contains("needs 'wallet'"));
        assertTrue(refusal("[bridges.arweave]\ngateway = \"http://127.0.0.1:1984\"\nwallet = \"w.json\"\nbudget-winston = \"lots\"\n", "arweave")
                .contains("budget-winston must be a whole number"));
        assertTrue(refusal("[bridges.arweave]\ngateway = \"http://127.0.0.1:1984\"\nwallet = \"w.json\"\npoll-millis = -1\n", "arweave")
                .contains("poll-millis must be a whole number"));
        assertTrue(refusal("[bridges.car]\n", "car").contains("needs 'path'"));
    }

    @Test
    void AutoPushIsOnByDefaultExceptForCarAndMustBeABoolean() throws Exception {
        ConfiguredBridges b = bridges("[bridges.ipfs]\napi = \"http://127.0.0.1:5001\"\n[bridges.car]\npath = \"tape\"\n"
                + "[bridges.filecoin]\nendpoint = \"http://127.0.0.1:9\"\nauto-push = false\n", Map.of("PHOENIX_PINNING_TOKEN", "secret"));
        assertTrue(b.autoPush("ipfs"));
        assertEquals(false, b.autoPush("car"));
        assertEquals(false, b.autoPush("pinning"));
        try (Bridge once = b.openOnce("pinning")) {
            assertEquals("io.phoenix.bridge.pinning.PinningBridge", once.getClass().getName(), "no retries of its own");
        }
        ConfiguredBridges car = bridges("[bridges.car]\npath = \"tape\"\nauto-push = true\n", Map.of());
        assertTrue(car.autoPush("car"));
        car.open("car").close();
        String m = refusal("[bridges.ipfs]\napi = \"http://127.0.0.1:5001\"\nauto-push = \"yes\"\n", "ipfs");
        assertTrue(m.contains("auto-push must be true or false"), m);
    }
}
