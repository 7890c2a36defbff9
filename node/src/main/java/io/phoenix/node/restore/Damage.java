package io.phoenix.node.restore;

import io.phoenix.protocol.multiformats.Cid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a restore or verify found damaged: blocks (by CID) and files (by layer path), with reasons. */
public final class Damage {
    private final Map<String, String> blocks = new TreeMap<>();
    private final Map<String, String> files = new TreeMap<>();

    public synchronized void block(Cid cid, String reason) {
        blocks.putIfAbsent(cid.toString(), reason);
    }

    public synchronized void file(String path, String reason) {
        files.putIfAbsent(path, reason);
    }

    /** Records a failure of {@code path}, and of the block when the failure names one. */
    public synchronized void fileFailed(String path, Throwable t) {
        if (t instanceof DamagedBlockException d) {
            block(d.cid(), d.getMessage());
            file(path, "needs block " + d.cid() + ", which is damaged or missing");
        } else {
            file(path, t.getMessage() == null ? t.toString() : t.getMessage());
        }
    }

    public synchronized boolean any() {
        return !blocks.isEmpty() || !files.isEmpty();
    }

    public synchronized Map<String, String> blocks() {
        return new TreeMap<>(blocks);
    }

    public synchronized Map<String, String> files() {
        return new TreeMap<>(files);
    }

    /** One line per damaged block and file. */
    public synchronized List<String> lines() {
        List<String> out = new ArrayList<>();
        blocks.forEach((k, v) -> out.add("damaged block " + k + ": " + v));
        files.forEach((k, v) -> out.add("damaged file " + k + ": " + v));
        return out;
    }
}
