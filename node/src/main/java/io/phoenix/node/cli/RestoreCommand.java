package io.phoenix.node.cli;

import io.phoenix.node.home.Config;
import io.phoenix.node.restore.Damage;
import io.phoenix.node.restore.RestoreStats;
import io.phoenix.node.snapshot.CodecWarmup;
import io.phoenix.node.snapshot.SnapshotHistory;
import io.phoenix.protocol.json.Json;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phoenix restore}: writes a snapshot (or part of it) to a directory. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a snapshot into DIR/<layer>/: mind first, then body, then spirit.",
            "Every block is verified by its CID and every file by its digest. Into directories the restore",
            "creates, files are written in place, and DIR/<layer>/.phoenix-restore-incomplete stays until",
            "the layer is done (if it is left, files may be partial: restore again with --force); into",
            "existing ones, each file is written to a temporary name and renamed into place.",
            "A layer with several sources gets one sub-directory",
            "per source, named after the source's last path component. Exit 3 (and the damaged blocks and",
            "files named on stderr) when something could not be restored intact; the rest is restored."})
final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "Manifest CID (or a unique prefix of 8+ characters), or 'latest'.")
    String snapshot;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "Target directory (must be empty or absent unless --force).")
    Path to;

    @Option(names = "--layer", paramLabel = "LAYER", description = "Restore only this layer (repeatable).")
    List<String> layers = new ArrayList<>();

    @Option(names = "--path", paramLabel = "P", description = "Restore only this path inside the layer (e.g. weights/layer-00.bin); needs exactly one --layer.")
    String path;

    @Option(names = "--force", description = "Write into a non-empty target, replacing entries of the same name.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON object with the result.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
    Integer threads;

    @Option(names = "--from", paramLabel = "SOURCE", description = "Pull the snapshot first from a bridge alone: ipfs, pinning, arweave (full manifest CID needed) or car:FILE.")
    String from;

    @Option(names = "--from-swarm", description = "Restore the swarm's latest snapshot on a bare machine (keys, swarm secret and swarm file only): same as 'phoenix swarm-restore latest'.")
    boolean fromSwarm;

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        if (fromSwarm) {
            if (from != null || !layers.isEmpty() || path != null) throw new CliException(ExitCode.USAGE, "--from-swarm restores the whole latest snapshot; it takes no --from, --layer or --path");
            return SwarmRestoreCommand.restore(main, snapshot, to, 3600, json);
        }
        for (String l : layers) {
            if (!Config.LAYERS.contains(l)) throw new CliException(ExitCode.USAGE, "unknown layer '" + l + "' (layers are " + String.join(", ", Config.LAYERS) + ")");
        }
        if (path != null && layers.size() != 1) throw new CliException(ExitCode.USAGE, "--path needs exactly one --layer");
        Path target = to.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) throw new CliException(ExitCode.USAGE, "target " + target + " is not a directory");
        if (Files.isDirectory(target) && !force) {
            try (var s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new CliException(ExitCode.USAGE, "target " + target + " is not empty (use --force to write into it)");
                }
            }
        }
        int n = threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors();
        CodecWarmup.start(CodecWarmup.Direction.DECODE); // overlaps the passphrase unlock
        try (Session s = Session.openUnlocking(main)) { // the KDF overlaps loading and checking the history
            String wanted = from == null ? snapshot : RestoreSource.pull(main, s, from, snapshot, json);
            SnapshotHistory h = s.repo.history();
            SnapshotHistory.Snapshot snap = h.resolve(wanted).orElseThrow(() -> new CliException(ExitCode.USAGE,
                    h.newestFirst().isEmpty() ? "no snapshots yet" : "no snapshot '" + snapshot + "' (see 'phoenix snapshots')"));
            for (String l : layers) {
                if (!snap.signed().manifest().layers().containsKey(l)) {
                    throw new CliException(ExitCode.USAGE, "snapshot " + snap.cid() + " has no layer " + l);
                }
            }
            RestoreStats stats = new RestoreStats();
            Damage damage = new Damage();
            long t0 = System.nanoTime();
            try (ProgressLine p = ProgressLine.start(main.showProgress(json), main.err(), () -> String.format("  %d files, %s written",
                    stats.files.get(), Units.bytes(stats.bytes.get())))) {
                s.repo.restore(snap.signed(), target, layers, path, n, stats, damage);
            } catch (NoSuchFileException e) {
                throw new CliException(ExitCode.USAGE, "no path " + path + " in layer " + layers.get(0) + " of snapshot " + snap.cid(), e);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            for (String line : damage.lines()) main.err().println("phoenix: " + line);
            if (json) {
                Map<String, Object> j = Json.object();
                j.put("id", snap.cid().toString());
                j.put("target", target.toString());
                j.put("files", stats.files.get());
                j.put("directories", stats.directories.get());
                j.put("symlinks", stats.symlinks.get());
                j.put("bytes", stats.bytes.get());
                j.put("blocks", stats.blocks.get());
                j.put("seconds", secs);
                j.put("damagedBlocks", damage.blocks());
                j.put("damagedFiles", damage.files());
                j.put("ok", !damage.any());
                main.out().println(Json.write(j));
            } else if (!main.quiet() || damage.any()) {
                main.out().printf("restored %s to %s: %d files (%s), %d directories, %d symlinks in %s (%s)%n", snap.cid(), target,
                        stats.files.get(), Units.bytes(stats.bytes.get()), stats.directories.get(), stats.symlinks.get(),
                        Units.seconds(secs), Units.rate(stats.bytes.get(), secs));
                if (damage.any()) main.out().printf("DAMAGED: %d blocks, %d files not restored (listed on stderr)%n", damage.blocks().size(), damage.files().size());
            }
            return damage.any() ? ExitCode.DAMAGE : ExitCode.OK;
        }
    }
}
