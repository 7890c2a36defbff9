package io.phoenix.node.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {
    static final String PEER = IdentityKey.fromSeed(new byte[32]).peerId().toString();

    @Test
    void defaultsRoundTrip() throws Exception {
        Config c = Config.defaults("ai-memory");
        assertEquals(LocalTime.of(2, 0), c.snapshotTime());
        assertEquals(Path.of("store"), c.storePath());
        assertEquals(c, Config.parse(c.toToml(), "config.toml"));
    }

    @Test
    void everyFieldRoundTrips() throws Exception {
        Map<String, Map<String, Object>> bridges = new LinkedHashMap<>();
        bridges.put("ipfs", Map.of("api", "http://127.0.0.1:5001", "pin", true, "timeout-seconds", 30L));
        bridges.put("s3", Map.of("buckets", List.of("a", "b \"quoted\"")));
        Config c = new Config("site-1", Map.of("spirit", List.of(Path.of("/data/s")), "mind", List.of(Path.of("/data/m1"), Path.of("/data/m 2"))),
                Path.of("/var/lib/phoenix/blocks"), List.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"), Multiaddr.parse("/ip6/::/tcp/4001")),
                List.of(Multiaddr.parse("/dns4/nas.local/tcp/4001/p2p/" + PEER)), LocalTime.of(3, 30), 10 << 20, 125_000, bridges);
        Config back = Config.parse(c.toToml(), "config.toml");
        assertEquals(c, back);
        assertEquals(List.of("mind", "spirit"), List.copyOf(back.layers().keySet()), "layers in priority order");
    }

    @Test
    void handWrittenConfigIsRead() throws Exception {
        String toml = """
                format = 1
                dataset = "ai"
                [layers]
                mind = "/m"          # a single path may be a plain string
                body = ["/b1", "/b2"]
                [schedule]
                daily = 04:15:00     # a TOML local time works too
                [bandwidth]
                upload = "10MiB/s"
                download = "2Mbit/s"
                """;
        Config c = Config.parse(toml, "config.toml");
        assertEquals(List.of(Path.of("/m")), c.layers().get("mind"));
        assertEquals(List.of(Path.of("/b1"), Path.of("/b2")), c.layers().get("body"));
        assertEquals(LocalTime.of(4, 15), c.snapshotTime());
        assertEquals(10L << 20, c.uploadBytesPerSecond());
        assertEquals(250_000, c.downloadBytesPerSecond());
        assertEquals(Path.of("/h/store"), c.storeDirectory(Path.of("/h")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "UnknownTopLevelKeyIsRejected | sets = 1 | 3:1: unknown key 'sets'",
        "UnknownNestedKeyIsRejected | [network]\\nlisen = [] | 4:1: unknown key 'network.lisen' (known: bootstrap, listen)",
        "UnknownLayerIsRejected | [layers]\\nsoul = \"/x\" | 4:1: unknown key 'layers.soul' (known: body, mind, spirit)",
        "UnknownBridgeIsRejected | [bridges.dropbox]\\nx = 1 | 3:1: unknown key 'bridges.dropbox'",
        "LayerOfWrongTypeIsRejected | [layers]\\nmind = 5 | 4:1: 'layers.mind': expected a string or an array of strings",
        "BadTimeIsRejected | [schedule]\\ndaily = \"25:00\" | 4:1: 'schedule.daily': expected a UTC time like \"02:00\", got \"25:00\"",
        "BadRateIsRejected | [bandwidth]\\nupload = \"fast\" | 4:1: 'bandwidth.upload': expected bytes per second",
        "NegativeRateIsRejected | [bandwidth]\\ndownload = -1 | 4:1: 'bandwidth.download': cannot be negative",
        "BadListenAddressIsRejected | [network]\\nlisten = [\"/ip4/1.2.3.4/tcp/1\", \"nope\"] | 4:33: 'network.listen' element 2: multiaddr must start with '/'",
        "BootstrapWithoutPeerIdIsRejected | [network]\\nbootstrap = [\"/ip4/1.2.3.4/tcp/1\"] | 'network.bootstrap' element 1: bootstrap address needs a /p2p/",
        "BadTomlSyntaxIsRejected | [store\\npath = 1 | 3:7: invalid TOML",
        "StorePathOfWrongTypeIsRejected | [store]\\npath = 7 | 4:1: 'store.path': expected a string",
    })
    void badConfigIsRejectedWithItsPosition(String name, String tail, String expected) {
        String toml = "format = 1\ndataset = \"ai\"\n" + tail.replace("\\n", "\n") + "\n";
        ConfigException e = assertThrows(ConfigException.class, () -> Config.parse(toml, "/h/config.toml"));
        assertTrue(e.getMessage().startsWith("/h/config.toml:"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), name + ": " + e.getMessage());
    }

    @Test
    void missingOrWrongFormatIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.parse("dataset = \"a\"\n", "c.toml"));
        assertTrue(e.getMessage().contains("missing key 'format'"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> Config.parse("format = 2\ndataset = \"a\"\n", "c.toml"));
        assertEquals("c.toml:1:1: 'format': unsupported config format 2 (this build reads format = 1)", e.getMessage());
        e = assertThrows(ConfigException.class, () -> Config.parse("format = 1\ndataset = \"a b\"\n", "c.toml"));
        assertTrue(e.getMessage().startsWith("c.toml:2:1: 'dataset': must be"), e.getMessage());
    }

    @Test
    void ratesParse() {
        assertEquals(0L, ConfigParser.parseRate("0"));
        assertEquals(1500L, ConfigParser.parseRate("1500 B/s"));
        assertEquals(2000L, ConfigParser.parseRate("2KB"));
        assertEquals(3L << 30, ConfigParser.parseRate("3GiB/s"));
        assertEquals(6250L, ConfigParser.parseRate("50kbit/s"));
        assertEquals(null, ConfigParser.parseRate("9999999999999999999GiB"));
        assertEquals(null, ConfigParser.parseRate("10 parsecs"));
    }
}
