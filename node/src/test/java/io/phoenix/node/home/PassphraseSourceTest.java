package io.phoenix.node.home;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassphraseSourceTest {
    @TempDir
    Path dir;

    static PassphraseSource.Prompt answering(String... answers) {
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(answers));
        return message -> queue.isEmpty() ? null : queue.poll().toCharArray();
    }

    @Test
    void fileWinsAndLosesItsTrailingNewline() throws Exception {
        Path f = dir.resolve("pass");
        Files.writeString(f, "from file ü\r\nsecond line ignored\n");
        assertArrayEquals("from file ü".toCharArray(), new PassphraseSource(f, Map.of("PHOENIX_PASSPHRASE", "env"), answering("tty")).read(false));
    }

    @Test
    void environmentComesBeforeThePrompt() throws Exception {
        assertArrayEquals("env".toCharArray(), new PassphraseSource(null, Map.of("PHOENIX_PASSPHRASE", "env"), answering("tty")).read(true));
    }

    @Test
    void promptAsksTwiceForANewPassphrase() throws Exception {
        assertArrayEquals("tty".toCharArray(), new PassphraseSource(null, Map.of(), answering("tty", "tty")).read(true));
        PassphraseException e = assertThrows(PassphraseException.class, () -> new PassphraseSource(null, Map.of(), answering("tty", "tyt")).read(true));
        assertTrue(e.getMessage().contains("do not match"));
    }

    @Test
    void MissingPassphraseSaysWhereToPutIt() {
        PassphraseException e = assertThrows(PassphraseException.class, () -> new PassphraseSource(null, Map.of(), null).read(false));
        assertTrue(e.getMessage().contains("PHOENIX_PASSPHRASE") && e.getMessage().contains("--passphrase-file"), e.getMessage());
    }

    @Test
    void EmptyOrMissingPassphraseFileIsRejected() throws Exception {
        Path f = Files.writeString(dir.resolve("empty"), "\n");
        PassphraseException e = assertThrows(PassphraseException.class, () -> new PassphraseSource(f, Map.of(), null).read(false));
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
        e = assertThrows(PassphraseException.class, () -> new PassphraseSource(dir.resolve("nope"), Map.of(), null).read(false));
        assertTrue(e.getMessage().startsWith("cannot read passphrase file"), e.getMessage());
        assertThrows(PassphraseException.class, () -> new PassphraseSource(null, Map.of("PHOENIX_PASSPHRASE", ""), null).read(false));
    }
}
