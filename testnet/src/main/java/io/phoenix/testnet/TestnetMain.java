package io.phoenix.testnet;

import io.phoenix.node.cli.Main;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The {@code phoenix} CLI with the {@code testnet} command added. {@code node} cannot depend on
 * {@code testnet} (the dependency points the other way), so the testnet module owns this main
 * class and its own shaded jar; the {@code ./phoenix} launcher runs this jar for {@code testnet}.
 */
public final class TestnetMain {
    private TestnetMain() {}

    public static void main(String[] args) {
        CommandLine cl = Main.commandLine(System.getenv(), false);
        cl.addSubcommand(new TestnetCommand());
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        cl.setOut(out);
        cl.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        int code = cl.execute(args);
        out.flush();
        System.exit(code);
    }
}
