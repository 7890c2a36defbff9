package io.phoenix.protocol.manifest;

import io.phoenix.protocol.FormatException;

/** A manifest or index page is malformed (permanent: the same bytes never decode). */
public class ManifestFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public ManifestFormatException(String message) {
        super(message);
    }

    public ManifestFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
