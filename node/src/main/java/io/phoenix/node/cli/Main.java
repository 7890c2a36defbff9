package io.phoenix.node.cli;

import io.phoenix.node.Trace;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.PassphraseSource;
import io.phoenix.protocol.crypto.Argon2id;
import io.phoenix.protocol.crypto.BulkCrypto;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code phoenix} command. Global options are inherited by every subcommand (they may be given
 * before or after the subcommand name). A subcommand (or a group such as {@code swarm}) is added
 * with one line in {@link #commandLine}; it reaches the global options through {@link #of}.
 */
@Command(
        name = "phoenix",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Phoenix: snapshots of the mind, body and spirit layers, encrypted, signed, replicated.",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  ok", "  1  failure (the message says why)", "  2  usage error", "  3  damage found (verify, restore, repair index)",
            "  4  wrong or missing passphrase", "  5  home busy (another phoenix process holds it)",
            "  6  snapshot written but some sources could not be read"
        },
        subcommandsRepeatable = false)
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Node home directory (default: $PHOENIX_HOME, else ~/.phoenix).")
    Path home;

    @Option(names = "--passphrase-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Read the key passphrase from FILE (first line). Default: $PHOENIX_PASSPHRASE, else ask on the terminal.")
    Path passphraseFile;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print only errors and the final result; no progress.")
    boolean quiet;

    private final Map<String, String> env;
    private final boolean interactive;

    Main(Map<String, String> env, boolean interactive) {
        this.env = env;
        this.interactive = interactive;
    }

    /** Every subcommand by name, in help order: one line per command. */
    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("init", InitCommand::new);
        m.put("snapshot", SnapshotCommand::new);
        m.put("snapshots", SnapshotsCommand::new);
        m.put("restore", RestoreCommand::new);
        m.put("verify", VerifyCommand::new);
        m.put("demo", DemoCommand::new);
        m.put("node", NodeCommand::new);
        m.put("swarm", () -> SwarmQueries.withQueries(new SwarmCommand()));
        m.put("swarm-restore", SwarmRestoreCommand::new);
        m.put("p2p", P2pCommand::new);
        m.put("export", ExportCommand::new);
        m.put("import", ImportCommand::new);
        m.put("bridge", BridgeCommand::new);
        m.put("repair", RepairCommand::new);
        return m;
    }

    /** The picocli command line with every subcommand registered. */
    public static CommandLine commandLine(Map<String, String> env, boolean interactive) {
        return commandLine(env, interactive, null);
    }

    /**
     * The command line for {@code args}: with only the subcommand they name when they name one
     * (picocli builds each command's model from its annotations, ~0.6 s for all of them in a fresh
     * JVM), else with all of them (top-level help, usage errors).
     */
    static CommandLine commandLine(Map<String, String> env, boolean interactive, String[] args) {
        CommandLine cl = new CommandLine(new Main(env, interactive));
        Map<String, Supplier<Object>> all = subcommands();
        String named = args == null ? null : subcommandNamed(args, cl.getCommandSpec());
        if (named != null && all.containsKey(named)) {
            cl.addSubcommand(named, all.get(named).get());
        } else {
            for (Map.Entry<String, Supplier<Object>> e : all.entrySet()) cl.addSubcommand(e.getKey(), e.getValue().get());
        }
        cl.setExecutionExceptionHandler(new ErrorReporter());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** The first argument that is not a global option or an option's value, or null. */
    private static String subcommandNamed(String[] args, CommandSpec root) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) return null;
            if (!a.startsWith("-")) return a;
            OptionSpec o = root.findOption(a.contains("=") ? a.substring(0, a.indexOf('=')) : a);
            if (o == null) return null; // not a global option: let picocli report it with full help
            if (o.arity().max() > 0 && !a.contains("=")) i++; // skip its value
        }
        return null;
    }

    /** Commands that unlock the home's keys (the passphrase KDF) and use the block codec. */
    private static final Set<String> UNLOCKING = Set.of("snapshot", "restore", "verify", "export", "import",
            "swarm-restore", "bridge");

    public static void main(String[] args) {
        Trace.mark("main");
        if (namesOneOf(args, UNLOCKING)) preloadNatives();
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.getenv(), Terminal.isInteractive()));
    }

    /**
     * Loads the native Argon2 (JNA and the library, ~0.1 s) and starts loading the native crypto
     * provider on a daemon thread while picocli builds the command line (~0.12 s): the KDF that
     * follows is on the critical path of every command that unlocks the keys.
     */
    private static void preloadNatives() {
        Thread t = new Thread(() -> {
            BulkCrypto.preload();
            Argon2id.implementation();
        }, "phoenix-preload");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Whether an argument is one of {@code words}: a cheap look before parsing (an option's value
     * that happens to be such a word only starts the preload for nothing).
     */
    private static boolean namesOneOf(String[] args, Set<String> words) {
        for (String a : args) if (words.contains(a)) return true;
        return false;
    }

    /** Runs one command and returns its exit code (tests call this in-process). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, boolean interactive) {
        CommandLine cl = commandLine(env, interactive, args);
        cl.setOut(out);
        cl.setErr(err);
        try {
            Trace.mark("command line parsed");
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The root command of the command that {@code spec} describes, at any depth. */
    public static Main of(CommandSpec spec) {
        CommandSpec root = spec.root();
        return (Main) root.userObject();
    }

    /** The node home: {@code --home}, else {@code $PHOENIX_HOME}, else {@code ~/.phoenix}. */
    public Path home() {
        return Home.locate(home, env);
    }

    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    public PrintWriter err() {
        return spec.commandLine().getErr();
    }

    public boolean quiet() {
        return quiet;
    }

    /** True when progress may be drawn: a terminal, and not quiet. */
    public boolean showProgress(boolean json) {
        return interactive && !quiet && !json;
    }

    public Map<String, String> env() {
        return env;
    }

    /** The passphrase source for this invocation: file, environment, or the terminal when there is one. */
    public PassphraseSource passphrases() {
        return new PassphraseSource(passphraseFile, env, interactive ? PassphraseSource.Prompt.ofConsole() : null);
    }
}
