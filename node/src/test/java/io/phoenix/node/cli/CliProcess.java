package io.phoenix.node.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the CLI main class in a child JVM with the test classpath (for SIGKILL and privilege tests). */
final class CliProcess {
    private CliProcess() {}

    static Process start(List<String> prefix, Map<String, String> env, Path log, String... args) throws IOException {
        return start(prefix, List.of(), env, log, args);
    }

    /** As above with JVM options ({@code jvm}, e.g. a heap limit) before the class path. */
    static Process start(List<String> prefix, List<String> jvm, Map<String, String> env, Path log, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(java);
        cmd.add("-XX:+UseSerialGC");
        cmd.addAll(jvm);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }
}
