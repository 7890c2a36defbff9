package io.phoenix.node.cli;

import io.phoenix.node.daemon.ControlClient;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code phoenix snapshot} while {@code phoenix node run} holds the home: the snapshot is taken by
 * the running node over the control API (which also announces it to the swarm).
 */
final class DaemonSnapshot {
    private DaemonSnapshot() {}

    /** The exit code when a running node took the snapshot, or null when no node runs for the home. */
    static Integer delegate(Main main, boolean json, List<String> layers) {
        Optional<ControlClient> c;
        try {
            c = ControlClient.of(main.home());
        } catch (IOException e) {
            return null;
        }
        if (c.isEmpty()) return null;
        ControlClient.Reply r;
        try {
            r = c.get().post("/v1/snapshot");
        } catch (IOException e) {
            return null; // stale control file: the local path reports a busy or free home itself
        }
        if (!layers.isEmpty()) {
            main.err().println("phoenix: note: a node is running for this home; it snapshots its configured layers (--layer ignored)");
        }
        if (!r.ok()) throw new CliException(ExitCode.FAILURE, "the running node could not take the snapshot: " + r.body());
        if (json) {
            main.out().println(r.body());
        } else {
            Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(r.body());
            main.out().println("snapshot " + (m.find() ? m.group(1) : "?") + " taken by the running node and announced to the swarm");
        }
        return ExitCode.OK;
    }
}
