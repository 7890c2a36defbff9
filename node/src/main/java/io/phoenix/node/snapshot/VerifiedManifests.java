package io.phoenix.node.snapshot;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code <home>/snapshots/verified}: the manifest CIDs whose two signatures this home has checked,
 * or that it signed itself (one base32 CID per line, appended). A manifest is read from the store only through its CID,
 * which the store verifies on every read, so bytes that were verified once are the same bytes
 * later: re-checking ML-DSA-65 and Ed25519 for every manifest of the history on every command
 * (about half a second in a fresh JVM, more as the history grows) buys nothing. {@code phoenix
 * verify} checks every signature again regardless. A damaged or unreadable file only means that
 * signatures are checked again; lines that are not CIDs are ignored.
 */
public final class VerifiedManifests {
    private final Path file;
    private final Set<Cid> known = new HashSet<>();

    private VerifiedManifests(Path file) {
        this.file = file;
    }

    /** The record at {@code file} (empty when absent or unreadable). */
    public static VerifiedManifests load(Path file) {
        VerifiedManifests v = new VerifiedManifests(file);
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                try {
                    if (!line.isBlank()) v.known.add(Cid.parse(line.strip()));
                } catch (RuntimeException e) { // FormatException and friends
                    // a torn or foreign line: that manifest is simply verified again
                }
            }
        } catch (NoSuchFileException e) {
            // nothing verified yet
        } catch (IOException e) {
            v.known.clear();
        }
        return v;
    }

    public synchronized boolean contains(Cid manifest) {
        return known.contains(manifest);
    }

    /** Records that {@code manifest}'s signatures checked out; best effort (a failure costs a re-check later). */
    public synchronized void add(Cid manifest) {
        if (!known.add(manifest)) return;
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, manifest + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // not recorded: verified again next time
        }
    }
}
