package io.phoenix.node.store.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The store's {@code VERSION} file: "phoenix-blockstore 2\n". Written when a store is created in an empty directory. */
final class StoreVersion {
    static final String TEXT = "phoenix-blockstore 2\n";

    private StoreVersion() {}

    /** Accepts a version-2 store (one level of 256 shards; version 1 had two levels), creates one in an empty directory, refuses anything else. */
    static void check(Path root) throws IOException {
        Path version = root.resolve("VERSION");
        if (Files.exists(version)) {
            String text = Files.readString(version, StandardCharsets.US_ASCII);
            if (!text.equals(TEXT)) {
                throw new IOException("unsupported block store format in " + root + ": VERSION says '" + text.strip()
                        + "', this build reads '" + TEXT.strip() + "'");
            }
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (!name.equals("store.lock") && !name.equals("VERSION.tmp")) {
                    throw new IOException("refusing to use " + root + " as a block store: it is not empty and has no VERSION file (found " + name + ")");
                }
            }
        }
        Path temp = root.resolve("VERSION.tmp");
        Files.writeString(temp, TEXT, StandardCharsets.US_ASCII);
        Fsync.file(temp);
        Files.move(temp, version, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
