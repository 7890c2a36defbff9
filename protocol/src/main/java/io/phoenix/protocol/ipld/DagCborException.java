package io.phoenix.protocol.ipld;

import io.phoenix.protocol.FormatException;

/** Bytes are not valid, canonical DAG-CBOR (permanent: the same bytes never decode). */
public class DagCborException extends FormatException {
    private static final long serialVersionUID = 1L;

    public DagCborException(String message) {
        super(message);
    }

    public DagCborException(String message, Throwable cause) {
        super(message, cause);
    }
}
