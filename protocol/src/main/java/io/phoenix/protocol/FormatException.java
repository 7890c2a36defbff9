package io.phoenix.protocol;

/**
 * Input bytes or text do not follow the expected format. Permanent: retrying with the same input
 * cannot help.
 */
public class FormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FormatException(String message) {
        super(message);
    }

    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
