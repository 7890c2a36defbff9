package io.phoenix.node.home;

import java.io.IOException;

/**
 * A home directory cannot be used as asked: not initialised, already initialised, or not a Phoenix
 * home. Retrying does not help; the message says what to run instead.
 */
public class HomeException extends IOException {
    private static final long serialVersionUID = 1L;

    public HomeException(String message) {
        super(message);
    }

    public HomeException(String message, Throwable cause) {
        super(message, cause);
    }
}
