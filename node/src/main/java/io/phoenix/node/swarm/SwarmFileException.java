package io.phoenix.node.swarm;

import java.io.IOException;

/**
 * The swarm definition file cannot be read, is not valid TOML, or breaks a rule; the message
 * names the file, and the line and column where it can. Permanent until the file is fixed.
 */
public class SwarmFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public SwarmFileException(String message) {
        super(message);
    }

    public SwarmFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
