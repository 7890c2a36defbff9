package io.phoenix.node.store.pack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Child process for {@link RebuildKilledTest}: rebuilds the index of the store in DIR (with a sort
 * buffer of 20 records, so that sorted runs are on disk while it scans) and, when the rebuild
 * reaches PHASE, prints "ready" and waits there for the parent to SIGKILL it. Arguments: DIR PHASE.
 */
public final class RebuildProcess {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        IndexRebuild.Phase stop = IndexRebuild.Phase.valueOf(args[1]);
        IndexRebuild.rebuild(dir, 4 << 20, 20 * 53, new IndexRebuild.Listener() {
            @Override
            public void phase(IndexRebuild.Phase phase) {
                if (phase != stop) return;
                System.out.println("ready");
                System.out.flush();
                try {
                    System.in.read(); // the parent kills us while we wait here
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                System.exit(3);
            }
        });
        System.out.println("finished without reaching " + stop);
        System.exit(4);
    }
}
