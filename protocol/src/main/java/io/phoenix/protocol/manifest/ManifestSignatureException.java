package io.phoenix.protocol.manifest;

import io.phoenix.protocol.FormatException;

/** A manifest's signatures do not verify (forged or altered; permanent). */
public class ManifestSignatureException extends FormatException {
    private static final long serialVersionUID = 1L;

    public ManifestSignatureException(String message) {
        super(message);
    }
}
