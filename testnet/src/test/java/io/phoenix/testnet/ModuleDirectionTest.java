package io.phoenix.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Keeps the architecture of DESIGN.md honest: module dependencies point one way
 * ({@code protocol <- gossip <- node <- testnet}, {@code protocol <- storage-bridges <- node}),
 * every module's classes live under its own package root, and Netty stays inside the transport.
 */
class ModuleDirectionTest {
    /** Modules each module may depend on (directly). */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();
    static {
        ALLOWED.put("protocol", Set.of());
        ALLOWED.put("gossip", Set.of("protocol"));
        ALLOWED.put("storage-bridges", Set.of("protocol"));
        ALLOWED.put("node", Set.of("protocol", "gossip", "storage-bridges"));
        ALLOWED.put("testnet", Set.of("protocol", "gossip", "storage-bridges", "node"));
    }

    /** Package root (as a class-file path prefix) of each module. */
    static final Map<String, String> PACKAGE_ROOT = Map.of(
            "protocol", "io/phoenix/protocol/",
            "gossip", "io/phoenix/gossip/",
            "storage-bridges", "io/phoenix/bridge/",
            "node", "io/phoenix/node/",
            "testnet", "io/phoenix/testnet/");

    /** The only packages whose classes may reference Netty (class-file path prefixes). Adjust here if the transport moves. */
    static final List<String> NETTY_ALLOWED = List.of("io/phoenix/protocol/p2p/tcp/");

    static final Path ROOT = findRoot();

    static Path findRoot() {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && p != null; i++, p = p.getParent()) {
            if (Files.exists(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("protocol")) && Files.isDirectory(p.resolve("testnet"))) return p;
        }
        throw new IllegalStateException("cannot find the project root above " + Path.of("").toAbsolutePath());
    }

    @Test
    void parentListsExactlyTheFiveModules() throws Exception {
        Document parent = parse(ROOT.resolve("pom.xml"));
        List<String> modules = texts(parent.getDocumentElement(), "modules", "module");
        assertEquals(new TreeSet<>(ALLOWED.keySet()), new TreeSet<>(modules));
    }

    @Test
    void moduleDependenciesPointOneWay() throws Exception {
        List<String> violations = new ArrayList<>();
        for (String module : ALLOWED.keySet()) {
            for (String dep : phoenixDependencies(ROOT.resolve(module).resolve("pom.xml"))) {
                if (!ALLOWED.get(module).contains(dep)) violations.add(module + " depends on " + dep);
            }
        }
        assertEquals(List.of(), violations, "module dependencies against DESIGN.md section 2");
    }

    @Test
    void eachModulesClassesLiveUnderItsPackageRoot() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String module : ALLOWED.keySet()) {
            for (String kind : List.of("classes", "test-classes")) {
                for (String cls : classFiles(module, kind)) {
                    if (!cls.startsWith(PACKAGE_ROOT.get(module))) violations.add(module + "/target/" + kind + ": " + cls);
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void nettyStaysInsideTheTransport() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String module : ALLOWED.keySet()) {
            Path classes = ROOT.resolve(module).resolve("target/classes");
            for (String cls : classFiles(module, "classes")) {
                if (NETTY_ALLOWED.stream().anyMatch(cls::startsWith)) continue;
                if (referencesNetty(Files.readAllBytes(classes.resolve(cls)))) violations.add(module + ": " + cls);
            }
        }
        assertEquals(List.of(), violations, "classes outside " + NETTY_ALLOWED + " that reference io/netty");
    }

    @Test
    void nettyDetectorSeesANettyReference() throws IOException {
        assertTrue(referencesNetty(resource("io/netty/buffer/Unpooled.class")), "a Netty class references Netty");
        assertFalse(referencesNetty(resource("io/phoenix/testnet/ModuleDirectionTest.class")));
    }

    @Test
    void protocolAndNodeAreCompiled() {
        for (String module : List.of("protocol", "node")) {
            assertTrue(Files.isDirectory(ROOT.resolve(module).resolve("target/classes/io/phoenix")),
                    module + " is not compiled: run with -am so the scan has classes to check");
        }
    }

    /**
     * True when the class file names a Netty type: some constant-pool UTF-8 entry (a class name, a
     * descriptor, a signature) contains {@code io/netty/}. Entries used only as string literals do
     * not count, so a string mentioning Netty is not a reference.
     */
    static boolean referencesNetty(byte[] classFile) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(classFile);
        if (in.getInt() != 0xCAFEBABE) throw new IllegalArgumentException("not a class file");
        in.getShort();
        in.getShort();
        int count = in.getShort() & 0xFFFF;
        String[] utf8 = new String[count];
        Set<Integer> literals = new java.util.HashSet<>();
        for (int i = 1; i < count; i++) {
            int tag = in.get() & 0xFF;
            switch (tag) {
                case 1 -> {
                    byte[] b = new byte[in.getShort() & 0xFFFF];
                    in.get(b);
                    utf8[i] = new String(b, StandardCharsets.ISO_8859_1); // ASCII is all we look for
                }
                case 3, 4 -> in.getInt();
                case 5, 6 -> {
                    in.getLong();
                    i++; // takes two slots
                }
                case 8 -> literals.add(in.getShort() & 0xFFFF);
                case 7, 16, 19, 20 -> in.getShort();
                case 9, 10, 11, 12, 17, 18 -> in.getInt();
                case 15 -> {
                    in.get();
                    in.getShort();
                }
                default -> throw new IllegalArgumentException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        for (int i = 1; i < count; i++) {
            if (utf8[i] != null && utf8[i].contains("io/netty/") && !literals.contains(i)) return true;
        }
        return false;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ModuleDirectionTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) fail("missing on the test class path: " + name);
            return in.readAllBytes();
        }
    }

    /** Class files (relative paths) of a module's target/classes or target/test-classes; none when the module has no such sources. */
    private static List<String> classFiles(String module, String kind) throws IOException {
        Path dir = ROOT.resolve(module).resolve("target").resolve(kind);
        Path sources = ROOT.resolve(module).resolve(kind.equals("classes") ? "src/main/java" : "src/test/java");
        if (!Files.isDirectory(dir)) {
            if (Files.isDirectory(sources) && module.equals("protocol")) fail(module + " has sources but no " + dir);
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith("META-INF/") && !p.endsWith("module-info.class"))
                    .sorted().toList();
        }
    }

    private static List<String> phoenixDependencies(Path pom) throws Exception {
        List<String> out = new ArrayList<>();
        Element project = parse(pom).getDocumentElement();
        for (Element deps : children(project, "dependencies")) {
            for (Element dep : children(deps, "dependency")) {
                if ("io.phoenix".equals(text(dep, "groupId"))) out.add(text(dep, "artifactId"));
            }
        }
        return out;
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(pom.toFile());
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) out.add(e);
        }
        return out;
    }

    private static String text(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0).getTextContent().trim();
    }

    private static List<String> texts(Element parent, String container, String name) {
        List<String> out = new ArrayList<>();
        for (Element c : children(parent, container)) for (Element e : children(c, name)) out.add(e.getTextContent().trim());
        return out;
    }
}
