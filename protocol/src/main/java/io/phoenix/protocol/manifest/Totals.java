package io.phoenix.protocol.manifest;

/** Snapshot totals: regular files, their bytes, and distinct blocks (data + tree) the snapshot needs. */
public record Totals(long files, long bytes, long blocks) {
    public Totals {
        if (files < 0 || bytes < 0 || blocks < 0) throw new IllegalArgumentException("negative totals");
    }
}
