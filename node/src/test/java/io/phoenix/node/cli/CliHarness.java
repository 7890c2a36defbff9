package io.phoenix.node.cli;

import io.phoenix.node.home.Config;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.InitOptions;
import io.phoenix.node.home.PassphraseSeal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process against one home, with the passphrase in the environment. */
final class CliHarness {
    static final String PASSPHRASE = "correct horse battery staple";
    /** Cheap Argon2id for tests (the format stores the cost, so unlocking is cheap too). */
    static final PassphraseSeal FAST_SEAL = new PassphraseSeal(256, 1, 1);

    /** One finished command. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    final Path home;
    final Map<String, String> env = new HashMap<>();

    CliHarness(Path home) {
        this.home = home;
        env.put("PHOENIX_HOME", home.toString());
        env.put("PHOENIX_PASSPHRASE", PASSPHRASE);
    }

    /** Creates the home directly (cheap key sealing); {@code phoenix init} itself is tested separately. */
    CliHarness init() throws Exception {
        try (Home h = Home.init(home, new InitOptions(Config.defaults("test"), PASSPHRASE.toCharArray(), new SecureRandom(), FAST_SEAL))) {
            return this;
        }
    }

    Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env, false);
        return new Result(code, out.toString(), err.toString());
    }
}
