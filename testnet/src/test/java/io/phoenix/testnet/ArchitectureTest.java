package io.phoenix.testnet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.phoenix.protocol.time.SystemScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, checked on the compiled main classes of every module
 * (ArchUnit): no package depends on itself through others, each module's packages see only the
 * modules below it, and the pure engines stay free of threads, sockets and clocks.
 */
class ArchitectureTest {
    static final JavaClasses MAIN = importMain();

    static JavaClasses importMain() {
        List<Path> dirs = new ArrayList<>();
        for (String module : ModuleDirectionTest.ALLOWED.keySet()) {
            Path classes = ModuleDirectionTest.ROOT.resolve(module).resolve("target/classes");
            if (Files.isDirectory(classes)) dirs.add(classes);
        }
        return new ClassFileImporter().importPaths(dirs);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.phoenix.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void protocolSeesNoOtherModule() {
        noClasses().that().resideInAPackage("io.phoenix.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("io.phoenix.gossip..", "io.phoenix.swarm..", "io.phoenix.bridge..",
                        "io.phoenix.node..", "io.phoenix.testnet..")
                .check(MAIN);
    }

    @Test
    void gossipSwarmAndBridgesSeeOnlyProtocol() {
        noClasses().that().resideInAPackage("io.phoenix.gossip..")
                .should().dependOnClassesThat().resideInAnyPackage("io.phoenix.swarm..", "io.phoenix.bridge..", "io.phoenix.node..", "io.phoenix.testnet..")
                .check(MAIN);
        noClasses().that().resideInAPackage("io.phoenix.swarm..")
                .should().dependOnClassesThat().resideInAnyPackage("io.phoenix.gossip..", "io.phoenix.bridge..", "io.phoenix.node..", "io.phoenix.testnet..")
                .check(MAIN);
        noClasses().that().resideInAPackage("io.phoenix.bridge..")
                .should().dependOnClassesThat().resideInAnyPackage("io.phoenix.gossip..", "io.phoenix.swarm..", "io.phoenix.node..", "io.phoenix.testnet..")
                .check(MAIN);
    }

    @Test
    void nodeDoesNotSeeTheTestnet() {
        noClasses().that().resideInAPackage("io.phoenix.node..")
                .should().dependOnClassesThat().resideInAPackage("io.phoenix.testnet..")
                .check(MAIN);
    }

    /**
     * Engines and their bindings take time, timers and threads from an injected Scheduler: none of
     * them reads the system clock, sleeps or makes a real scheduler (only composition roots do).
     */
    @Test
    void enginesAndBindingsUseTheInjectedScheduler() {
        String[] packages = {"io.phoenix.gossip..", "io.phoenix.swarm..", "io.phoenix.protocol.exchange..", "io.phoenix.protocol.heads..",
                "io.phoenix.protocol.p2p..", "io.phoenix.node.replication..", "io.phoenix.node.schedule.."};
        noClasses().that().resideInAnyPackage(packages)
                .or().haveFullyQualifiedName("io.phoenix.node.bridges.AutoPush").or().haveFullyQualifiedName("io.phoenix.node.bridges.PushQueue")
                .should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(Thread.class, "sleep", Duration.class)
                .orShould().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .orShould().callMethod(Instant.class, "now")
                .orShould().callConstructor(SystemScheduler.class)
                .orShould().callMethod(Executors.class, "newScheduledThreadPool", int.class)
                .orShould().callMethod(Executors.class, "newSingleThreadScheduledExecutor")
                .check(MAIN);
    }

    /** The scale benchmark's synthetic source and entry point are reached only deliberately: nothing depends on them. */
    @Test
    void nothingDependsOnTheBenchmarkPackage() {
        noClasses().that().resideOutsideOfPackage("io.phoenix.node.bench..")
                .should().dependOnClassesThat().resideInAPackage("io.phoenix.node.bench..")
                .check(MAIN);
    }

    @Test
    void onlyTheCliPackageHoldsCommands() {
        noClasses().that().resideOutsideOfPackages("io.phoenix.node.cli..", "io.phoenix.testnet..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(MAIN);
    }
}
