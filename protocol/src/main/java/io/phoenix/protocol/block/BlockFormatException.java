package io.phoenix.protocol.block;

import io.phoenix.protocol.FormatException;

/** A block cannot be decoded. {@link #reason()} says why and whether another copy may help. */
public class BlockFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    /** Why decoding failed. */
    public enum Reason {
        /** The bytes do not hash to the CID, or their structure/content is damaged. Another copy may be intact. */
        CORRUPT(true),
        /** Shorter than the smallest valid block. Another copy may be whole. */
        TRUNCATED(true),
        /** The block is intact (matches its CID) but does not authenticate under our key. */
        WRONG_KEY(false),
        /** A version or flag this code does not understand: upgrade Phoenix. */
        UNSUPPORTED_VERSION(false);

        private final boolean anotherCopyMayHelp;

        Reason(boolean anotherCopyMayHelp) {
            this.anotherCopyMayHelp = anotherCopyMayHelp;
        }

        public boolean anotherCopyMayHelp() {
            return anotherCopyMayHelp;
        }
    }

    private final Reason reason;

    public BlockFormatException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BlockFormatException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** True when fetching the block from another source could succeed. */
    public boolean anotherCopyMayHelp() {
        return reason.anotherCopyMayHelp();
    }
}
