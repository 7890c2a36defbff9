package io.phoenix.node.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * A block store directory's {@code VERSION} file: one line naming the layout. The one layout read
 * is {@code "phoenix-blockstore 3\n"}, append-only packs with a sorted on-disk index (store.pack).
 * Written when a store is created in an empty directory. Layouts 1 and 2 (one file per block) were
 * written only by builds before the first release; they are refused with a message saying so.
 */
public final class StoreVersion {
    public static final String PACKS = "phoenix-blockstore 3\n";
    private static final String ONE_FILE_PER_BLOCK = "phoenix-blockstore [12]\n";

    private StoreVersion() {}

    /** The VERSION text of the store in {@code root}, or null when it has none (absent or new). */
    private static String read(Path root) throws IOException {
        Path version = root.resolve("VERSION");
        return Files.exists(version) ? Files.readString(version, StandardCharsets.US_ASCII) : null;
    }

    /** Accepts a store whose VERSION is {@code text}, creates one in an empty directory, refuses anything else. */
    public static void check(Path root, String text) throws IOException {
        String found = read(root);
        if (found != null) {
            if (found.matches(ONE_FILE_PER_BLOCK)) {
                throw new IOException("the block store in " + root + " has the one-file-per-block layout of pre-release builds"
                        + " (VERSION says '" + found.strip() + "'), which this Phoenix no longer reads: move the directory"
                        + " aside, then snapshot again or let the swarm fill the new store");
            }
            if (!found.equals(text)) {
                throw new IOException("unsupported block store format in " + root + ": VERSION says '" + found.strip()
                        + "', this store reads '" + text.strip() + "'");
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
        Files.writeString(temp, text, StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(false);
        }
        Files.move(temp, root.resolve("VERSION"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
