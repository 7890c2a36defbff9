package io.phoenix.protocol.crypto;

import io.phoenix.protocol.FormatException;

/**
 * Key material or a sealed/wrapped file is damaged, truncated, or of an unsupported version.
 * Permanent: the same bytes never decode (restore the file from a backup copy).
 */
public class CryptoFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public CryptoFormatException(String message) {
        super(message);
    }

    public CryptoFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
