package io.phoenix.node.snapshot;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The current heads of the snapshot history: one empty file per head manifest CID in a directory
 * ({@code <home>/heads/<cid>}). Moving the head is the commit point of a snapshot: the new head's
 * file is created durably (temp file, fsync, rename, fsync of the directory) and only then are the
 * replaced heads removed. A crash in between leaves both, and readers treat a head that is an
 * ancestor of another as superseded, so the history is the same either way.
 */
public final class Heads {
    private final Path dir;

    public Heads(Path dir) {
        this.dir = dir;
    }

    public Set<Cid> list() throws IOException {
        Set<Cid> out = new TreeSet<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) continue;
                try {
                    out.add(Cid.parse(name));
                } catch (FormatException e) {
                    // not a head file (e.g. left by a tool); ignored
                }
            }
        }
        return out;
    }

    /** Makes {@code head} a head (durably), then removes {@code replaced}. */
    public void advance(Cid head, Collection<Cid> replaced) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(".tmp-" + head);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(head.toString()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
        boolean removed = false;
        for (Cid old : replaced) {
            if (!old.equals(head)) removed |= Files.deleteIfExists(dir.resolve(old.toString()));
        }
        if (removed) syncDirectory();
    }

    private void syncDirectory() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
