package io.phoenix.protocol.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.BlockKind;
import io.phoenix.protocol.block.DataKeys;
import io.phoenix.protocol.ipld.DagCbor;
import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks our CIDs and DAG-CBOR against an independent implementation: the npm packages
 * {@code multiformats} and {@code @ipld/dag-cbor} (pinned in src/test/js-vectors), installed with
 * {@code npm ci} into target/js-vectors and run with node.
 */
class IpldInteropIT {
    static final HexFormat HEX = HexFormat.of();
    static Path dir;

    @BeforeAll
    static void install() throws Exception {
        Path src = Path.of("src/test/js-vectors");
        dir = Path.of("target/js-vectors");
        Files.createDirectories(dir);
        boolean fresh = !Files.isDirectory(dir.resolve("node_modules"))
                || Files.mismatch(src.resolve("package-lock.json"), dir.resolve("package-lock.json")) != -1;
        for (String f : List.of("package.json", "package-lock.json", "vectors.mjs")) {
            Files.copy(src.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (fresh) run(List.of("npm", "ci", "--no-audit", "--no-fund"), 240);
    }

    static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir.toAbsolutePath(), "out", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
        }
        String out = Files.readString(log);
        Files.delete(log);
        if (p.exitValue() != 0) throw new AssertionError(command + " exited " + p.exitValue() + ":\n" + out);
        return out;
    }

    @Test
    void cidsAndDagCborMatchTheJavaScriptReference() throws Exception {
        BlockCodec codec = new BlockCodec(DataKeys.derive(new byte[32]));
        List<byte[]> raws = new ArrayList<>();
        raws.add(new byte[0]);
        raws.add("hello".getBytes(StandardCharsets.US_ASCII));
        byte[] random = new byte[BlockCodec.MAX_PLAINTEXT];
        new Random(1).nextBytes(random);
        raws.add(codec.encode(random, 0, random.length).bytes());
        raws.add(codec.encode(BlockKind.TREE, random, 0, 5000).bytes());
        byte[] text = "phoenix ".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        raws.add(codec.encode(text, 0, text.length).bytes());

        List<Cid> blockCids = new ArrayList<>();
        for (byte[] r : raws) blockCids.add(Cid.ofRaw(r));
        IndexPage small = new IndexPage(blockCids);
        List<Cid> many = new ArrayList<>();
        for (int i = 0; i < IndexPage.CAPACITY; i++) many.add(Cid.ofRaw(new byte[] {(byte) i, (byte) (i >> 8)}));
        IndexPage full = new IndexPage(many);
        SignedManifest manifest = ManifestFixtures.SIGNER.sign(ManifestFixtures.manifest(42,
                List.of(Cid.of(Cid.DAG_CBOR, new byte[] {1}), Cid.of(Cid.DAG_CBOR, new byte[] {2})), List.of(small.cid(), full.cid())));

        Map<String, Object> edge = new LinkedHashMap<>();
        edge.put("zz", -1L);
        edge.put("a", Long.MAX_VALUE);
        edge.put("bb", List.of(Long.MIN_VALUE, 23L, 24L, 255L, 256L, 65535L, 65536L, 4294967295L, 4294967296L));
        edge.put("ünï", "✓ text");
        edge.put("n", java.util.Arrays.asList(null, true, false, new byte[0], List.of(), Map.of()));

        Map<String, byte[]> ours = new LinkedHashMap<>();
        ours.put("manifest", manifest.encode());
        ours.put("index-small", small.encode());
        ours.put("index-full", full.encode());
        ours.put("edge", DagCbor.encode(edge));
        assertTrue(ours.get("index-full").length <= 1024 * 1024, "full index page fits in 1 MiB");

        StringBuilder in = new StringBuilder("{\"raw\":[");
        for (int i = 0; i < raws.size(); i++) in.append(i > 0 ? "," : "").append('"').append(HEX.formatHex(raws.get(i))).append('"');
        in.append("],\"dagcbor\":[");
        boolean first = true;
        for (Map.Entry<String, byte[]> e : ours.entrySet()) {
            in.append(first ? "" : ",").append("{\"name\":\"").append(e.getKey()).append("\",\"ours\":\"").append(HEX.formatHex(e.getValue()))
                    .append("\",\"model\":");
            typedJson(in, DagCbor.decode(e.getValue()));
            in.append('}');
            first = false;
        }
        in.append("]}");
        Path input = dir.resolve("input.json");
        Files.writeString(input, in);
        String out = run(List.of("node", "vectors.mjs", "input.json"), 120);

        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        int i = 0;
        for (byte[] r : raws) assertEquals("raw " + Cid.ofRaw(r), lines.get(i++), "raw block CID");
        for (Map.Entry<String, byte[]> e : ours.entrySet()) {
            String[] f = lines.get(i++).split(" ");
            assertEquals("dagcbor", f[0]);
            assertEquals(e.getKey(), f[1]);
            assertEquals(HEX.formatHex(e.getValue()), f[2], e.getKey() + ": reference DAG-CBOR bytes");
            assertEquals(Cid.of(Cid.DAG_CBOR, e.getValue()).toString(), f[3], e.getKey() + ": reference CID");
            assertEquals("check " + e.getKey() + " ok", lines.get(i++), e.getKey() + ": reference strict decode of our bytes");
        }
        assertEquals(manifest.cid().toString(), lines.get(raws.size()).split(" ")[3]);
    }

    private static void typedJson(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b);
            case Long l -> sb.append("{\"$int\":\"").append(l).append("\"}");
            case byte[] b -> sb.append("{\"$bytes\":\"").append(HEX.formatHex(b)).append("\"}");
            case Cid c -> sb.append("{\"$link\":\"").append(c).append("\"}");
            case String s -> string(sb, s);
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) sb.append(',');
                    typedJson(sb, l.get(i));
                }
                sb.append(']');
            }
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) sb.append(',');
                    string(sb, (String) e.getKey());
                    sb.append(':');
                    typedJson(sb, e.getValue());
                    first = false;
                }
                sb.append('}');
            }
            default -> throw new IllegalArgumentException(v.getClass().getName());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        sb.append('"');
    }
}
