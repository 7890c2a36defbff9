package io.phoenix.node.swarm;

import java.io.IOException;

/**
 * A manifest from outside was refused (bad encoding, forged or altered signatures, foreign author).
 * Retrying cannot help; nothing was stored and the local history is unchanged.
 */
public final class RejectedManifestException extends IOException {
    private static final long serialVersionUID = 1L;

    public RejectedManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
