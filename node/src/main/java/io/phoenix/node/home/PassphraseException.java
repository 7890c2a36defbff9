package io.phoenix.node.home;

import java.io.IOException;

/**
 * No usable passphrase was supplied (none given, unreadable or empty passphrase file, prompts that
 * did not match). Retrying with a passphrase supplied helps.
 */
public class PassphraseException extends IOException {
    private static final long serialVersionUID = 1L;

    public PassphraseException(String message) {
        super(message);
    }
}
