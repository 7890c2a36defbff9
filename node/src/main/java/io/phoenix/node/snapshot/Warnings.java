package io.phoenix.node.snapshot;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects what a snapshot left out or noticed. {@link #incomplete()} is true when some source entry
 * that should have been stored could not be read (exit code 6); skipped special files are expected
 * and do not make a snapshot incomplete.
 */
public final class Warnings {
    /** One warning: the source path and what happened. */
    public record Warning(Path path, String message, boolean lostData) {
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }

    private final List<Warning> list = new ArrayList<>();
    private final Consumer<Warning> sink;

    public Warnings(Consumer<Warning> sink) {
        this.sink = sink;
    }

    public synchronized void skipped(Path p, String why) {
        add(new Warning(p, why, false));
    }

    public synchronized void unreadable(Path p, IOException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof FileSystemException f && f.getReason() != null) msg = f.getReason();
        add(new Warning(p, "not stored: " + msg, true));
    }

    /** Stored, but possibly not as any one consistent state (it kept changing while read). */
    public synchronized void inconsistent(Path p, String message) {
        add(new Warning(p, message, true));
    }

    public synchronized void note(Path p, String message) {
        add(new Warning(p, message, false));
    }

    private void add(Warning w) {
        list.add(w);
        sink.accept(w);
    }

    public synchronized List<Warning> all() {
        return List.copyOf(list);
    }

    public synchronized boolean incomplete() {
        return list.stream().anyMatch(Warning::lostData);
    }
}
