package io.phoenix.node.home;

import java.io.IOException;

/** The passphrase does not open the home's keys. Retrying with the right passphrase helps; nothing was changed. */
public class WrongPassphraseException extends IOException {
    private static final long serialVersionUID = 1L;

    public WrongPassphraseException(String message) {
        super(message);
    }
}
