package io.phoenix.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
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
 * Keeps the module graph of docs/architecture.md honest: module dependencies point one way
 * ({@code protocol <- gossip | swarm | storage-bridges <- node <- testnet}) and every module's
 * classes live under its own package root. Package-level rules are in {@link ArchitectureTest}.
 */
class ModuleDirectionTest {
    /** Modules each module may depend on (directly). */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();
    static {
        ALLOWED.put("protocol", Set.of());
        ALLOWED.put("gossip", Set.of("protocol"));
        ALLOWED.put("swarm", Set.of("protocol"));
        ALLOWED.put("storage-bridges", Set.of("protocol"));
        ALLOWED.put("node", Set.of("protocol", "gossip", "swarm", "storage-bridges"));
        ALLOWED.put("testnet", Set.of("protocol", "gossip", "swarm", "storage-bridges", "node"));
    }

    /** Package root (as a class-file path prefix) of each module. */
    static final Map<String, String> PACKAGE_ROOT = Map.of(
            "protocol", "io/phoenix/protocol/",
            "gossip", "io/phoenix/gossip/",
            "swarm", "io/phoenix/swarm/",
            "storage-bridges", "io/phoenix/bridge/",
            "node", "io/phoenix/node/",
            "testnet", "io/phoenix/testnet/");

    static final Path ROOT = findRoot();

    static Path findRoot() {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && p != null; i++, p = p.getParent()) {
            if (Files.exists(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("protocol")) && Files.isDirectory(p.resolve("testnet"))) return p;
        }
        throw new IllegalStateException("cannot find the project root above " + Path.of("").toAbsolutePath());
    }

    @Test
    void parentListsExactlyTheSixModules() throws Exception {
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
    void protocolAndNodeAreCompiled() {
        for (String module : List.of("protocol", "node")) {
            assertTrue(Files.isDirectory(ROOT.resolve(module).resolve("target/classes/io/phoenix")),
                    module + " is not compiled: run with -am so the scan has classes to check");
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
