package io.phoenix.protocol.swarm;

import java.util.Locale;

/**
 * What a site does in the swarm. The code is the byte written into the canonical form; never
 * renumber.
 */
public enum SiteRole {
    /** Holds the data key, replicates and can restore. */
    FULL(0),
    /** Replicates and verifies ciphertext by CID; never holds the data key. */
    STORAGE(1),
    /** A small, intermittently connected site (Raspberry Pi, LoRa); holds the key. */
    EDGE(2),
    /** Pushes blocks to IPFS/Filecoin/Arweave/CAR; ciphertext only. */
    BRIDGE(3);

    private final int code;

    SiteRole(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** True for roles that may hold the data key (and so be readers or writers). */
    public boolean mayHoldDataKey() {
        return this == FULL || this == EDGE;
    }

    /** The lower-case name used in files and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SiteRole parse(String text) {
        for (SiteRole r : values()) {
            if (r.label().equals(text)) return r;
        }
        throw new IllegalArgumentException("unknown site role '" + text + "' (expected full, storage, edge or bridge)");
    }
}
