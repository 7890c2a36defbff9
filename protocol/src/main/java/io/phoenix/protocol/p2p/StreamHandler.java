package io.phoenix.protocol.p2p;

/** Serves one inbound stream of a registered protocol; runs on its own virtual thread. */
@FunctionalInterface
public interface StreamHandler {
    /**
     * Handles the stream. Returning closes the stream; throwing resets it (an I/O or protocol
     * error from the remote is not a bug of ours and is logged at debug level only).
     */
    void handle(Stream stream) throws Exception;
}
