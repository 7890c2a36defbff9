package io.phoenix.protocol.tree;

import io.phoenix.protocol.FormatException;

/** A tree block's plaintext is not a valid tree (permanent: the same bytes will never parse). */
public class TreeFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public TreeFormatException(String message) {
        super(message);
    }

    public TreeFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
