package io.phoenix.node.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the key passphrase comes from, in order: {@code --passphrase-file} (first line),
 * {@code $PHOENIX_PASSPHRASE}, a prompt on the terminal. Daemons and scripts never get a prompt.
 */
public final class Passphrases {
    private final Path file;
    private final Map<String, String> env;
    private final boolean interactive;

    Passphrases(Path file, Map<String, String> env, boolean interactive) {
        this.file = file;
        this.env = env;
        this.interactive = interactive;
    }

    /** The passphrase; {@code confirm} asks twice on a terminal (for {@code init}). */
    public char[] read(boolean confirm) {
        if (file != null) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                String line = nl < 0 ? text : text.substring(0, nl);
                if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
                if (line.isEmpty()) throw new CliException(ExitCode.KEY, "passphrase file " + file + " is empty");
                return line.toCharArray();
            } catch (IOException e) {
                throw new CliException(ExitCode.KEY, "cannot read passphrase file " + file + ": " + e, e);
            }
        }
        String fromEnv = env.get("PHOENIX_PASSPHRASE");
        if (fromEnv != null && !fromEnv.isEmpty()) return fromEnv.toCharArray();
        Console console = System.console();
        if (interactive && console != null) {
            char[] first = console.readPassword("Passphrase: ");
            if (first == null || first.length == 0) throw new CliException(ExitCode.KEY, "empty passphrase");
            if (confirm) {
                char[] second = console.readPassword("Passphrase (again): ");
                if (second == null || !java.util.Arrays.equals(first, second)) {
                    throw new CliException(ExitCode.KEY, "the two passphrases differ");
                }
            }
            return first;
        }
        throw new CliException(ExitCode.KEY,
                "no passphrase: give --passphrase-file FILE or set PHOENIX_PASSPHRASE (no terminal to ask on)");
    }
}
