package io.phoenix.protocol.crypto;

import java.security.GeneralSecurityException;

/** A wrapped repository secret was not wrapped for this reader key. Another reader key (or wrap) may help. */
public class WrongReaderKeyException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    public WrongReaderKeyException(String message) {
        super(message);
    }
}
