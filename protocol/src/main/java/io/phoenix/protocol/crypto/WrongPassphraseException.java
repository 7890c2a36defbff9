package io.phoenix.protocol.crypto;

import java.security.GeneralSecurityException;

/** The file is intact but the passphrase does not open it. Retrying with the right passphrase helps. */
public class WrongPassphraseException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    public WrongPassphraseException(String message) {
        super(message);
    }
}
