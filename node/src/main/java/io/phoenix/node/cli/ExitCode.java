package io.phoenix.node.cli;

/**
 * Process exit codes of the {@code phoenix} CLI. Stable: scripts depend on them (see docs/cli.md).
 */
public final class ExitCode {
    /** Everything asked for was done. */
    public static final int OK = 0;
    /** The command failed (I/O error, disk full, store unusable, ...); the message says why. */
    public static final int FAILURE = 1;
    /** Bad command line or arguments (unknown option, unknown snapshot id, non-empty target, ...). */
    public static final int USAGE = 2;
    /** Verification (or a restore) found damaged or missing blocks or files. */
    public static final int DAMAGE = 3;
    /** The keys could not be unlocked: wrong or missing passphrase. */
    public static final int KEY = 4;
    /** The home is in use by another phoenix process; retrying later can help. */
    public static final int BUSY = 5;
    /** A snapshot was written but some source entries could not be read and are not in it. */
    public static final int INCOMPLETE = 6;

    private ExitCode() {}
}
