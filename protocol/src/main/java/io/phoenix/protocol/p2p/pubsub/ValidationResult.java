package io.phoenix.protocol.p2p.pubsub;

/** Outcome of validating a pubsub message before it is delivered and forwarded. */
public enum ValidationResult {
    /** Deliver and forward. */
    ACCEPT,
    /** Drop, do not forward, and penalise the peer that sent it. */
    REJECT,
    /** Drop and do not forward, without penalty. */
    IGNORE
}
