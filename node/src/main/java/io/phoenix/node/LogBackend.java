package io.phoenix.node;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place that touches the logging backend. Code logs through {@code System.Logger}; the JDK
 * routes that to java.util.logging, whose console handler writes to stderr. Only composition roots
 * (commands) change the backend, through here.
 */
public final class LogBackend {
    /** Held strongly: java.util.logging keeps loggers only weakly, and a collected one forgets its level. */
    private static final Logger PHOENIX = Logger.getLogger("io.phoenix");

    private LogBackend() {}

    /** Shows only warnings and errors of Phoenix's loggers until the returned handle is closed (the level before is restored). */
    public static Restore warningsOnly() {
        Level before = PHOENIX.getLevel();
        PHOENIX.setLevel(Level.WARNING);
        return () -> PHOENIX.setLevel(before);
    }

    /** Undoes a change; never throws. */
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }
}
