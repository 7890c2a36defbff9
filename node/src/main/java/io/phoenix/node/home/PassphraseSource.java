package io.phoenix.node.home;

import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Where the passphrase that protects a home's secrets comes from, in this order:
 * {@code --passphrase-file FILE} (first line, trailing newline removed), {@code $PHOENIX_PASSPHRASE},
 * then an interactive prompt when a terminal is attached. Daemons use the first two.
 *
 * @param file the {@code --passphrase-file} option, or null
 * @param env the process environment (inject a map in tests)
 * @param prompt the terminal, or null when there is none
 */
public record PassphraseSource(Path file, Map<String, String> env, Prompt prompt) {
    public static final String ENV = "PHOENIX_PASSPHRASE";

    /** Reads a line without echo. */
    public interface Prompt {
        char[] readPassword(String message);

        /** The process's terminal, or null when stdin/stdout are not a terminal. */
        static Prompt ofConsole() {
            Console console = System.console();
            return console == null ? null : message -> console.readPassword("%s", message);
        }
    }

    /** The usual source for a CLI process. */
    public static PassphraseSource standard(Path passphraseFile) {
        return new PassphraseSource(passphraseFile, System.getenv(), Prompt.ofConsole());
    }

    /**
     * The passphrase. {@code confirmNew} asks twice at a prompt (for {@code init}); the file and the
     * environment are taken as they are.
     */
    public char[] read(boolean confirmNew) throws PassphraseException {
        if (file != null) return fromFile();
        String fromEnv = env.get(ENV);
        if (fromEnv != null) {
            if (fromEnv.isEmpty()) throw new PassphraseException(ENV + " is set but empty");
            return fromEnv.toCharArray();
        }
        if (prompt == null) {
            throw new PassphraseException("no passphrase: set " + ENV + ", pass --passphrase-file FILE, or run on a terminal to be asked");
        }
        char[] first = prompt.readPassword(confirmNew ? "New passphrase: " : "Passphrase: ");
        if (first == null || first.length == 0) throw new PassphraseException("empty passphrase");
        if (confirmNew) {
            char[] again = prompt.readPassword("Repeat passphrase: ");
            boolean same = Arrays.equals(first, again);
            if (again != null) Arrays.fill(again, '\0');
            if (!same) {
                Arrays.fill(first, '\0');
                throw new PassphraseException("the passphrases do not match");
            }
        }
        return first;
    }

    private char[] fromFile() throws PassphraseException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PassphraseException("cannot read passphrase file " + file + ": " + e.getMessage());
        }
        try {
            int end = 0;
            while (end < bytes.length && bytes[end] != '\n') end++;
            if (end > 0 && bytes[end - 1] == '\r') end--;
            if (end == 0) throw new PassphraseException("passphrase file " + file + " is empty (the passphrase is its first line)");
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, end));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            throw new PassphraseException("passphrase file " + file + " is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
