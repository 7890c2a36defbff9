package io.phoenix.protocol.exchange;

/** What the {@link FetchScheduler} made of an arriving block. */
public enum Arrival {
    /** Verified and wanted: store it. */
    ACCEPTED,
    /** Verified but not (or no longer) wanted: drop it. */
    DUPLICATE,
    /** Does not hash to its CID: dropped, the sender is banned and disconnected. */
    BAD
}
