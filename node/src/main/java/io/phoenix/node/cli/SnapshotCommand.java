package io.phoenix.node.cli;

import io.phoenix.node.home.Config;
import io.phoenix.node.snapshot.CodecWarmup;
import io.phoenix.node.snapshot.LayerSource;
import io.phoenix.node.snapshot.SnapshotOutcome;
import io.phoenix.node.snapshot.SnapshotStats;
import io.phoenix.node.snapshot.Warnings;
import io.phoenix.protocol.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phoenix snapshot}: takes one snapshot of the configured or given layers. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Take a snapshot: scan the layer sources, store new chunks, sign a manifest, move the head.",
            "Unchanged files (same size, mtime, ctime, inode) are not read again. The snapshot becomes visible",
            "only after all of its blocks are durable; an interrupted run leaves the previous state intact.",
            "Exit 6 when the snapshot was written but some source entries could not be read (listed on stderr)."})
final class SnapshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--layer", paramLabel = "LAYER=PATH",
            description = "A source of a layer (mind, body or spirit); repeatable, also for one layer. "
                    + "Default: the [layers] table of the home's config.toml.")
    List<String> layers = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object: id, files, bytes, newBytes, blocks, newBlocks, seconds, ...")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads per stage (default: number of cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        Integer viaNode = DaemonSnapshot.delegate(main, json, layers); // a running node takes it (daemon)
        if (viaNode != null) return viaNode;
        Map<String, List<Path>> given = parseLayers(layers);
        int n = threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors();
        CodecWarmup.start(CodecWarmup.Direction.ENCODE); // overlaps the passphrase unlock
        try (Session s = Session.openUnlocking(main)) {
            Map<String, List<Path>> chosen = given.isEmpty() ? s.home.config().layers() : given;
            if (chosen.isEmpty()) {
                throw new CliException(ExitCode.USAGE, "no layers to snapshot: give --layer mind=PATH (body, spirit) "
                        + "or list them under [layers] in " + s.home.configFile());
            }
            List<LayerSource> sources = new ArrayList<>();
            for (Map.Entry<String, List<Path>> e : chosen.entrySet()) {
                List<Path> paths = new ArrayList<>();
                for (Path p : e.getValue()) {
                    Path abs = p.toAbsolutePath().normalize();
                    if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                        throw new CliException(ExitCode.USAGE, "source " + abs + " of layer " + e.getKey() + " does not exist");
                    }
                    paths.add(abs);
                }
                sources.add(new LayerSource(e.getKey(), paths));
            }
            SnapshotStats stats = new SnapshotStats();
            Warnings warnings = new Warnings(w -> {
                synchronized (main.err()) {
                    main.err().println("phoenix: warning: " + w);
                }
            });
            long t0 = System.nanoTime();
            SnapshotOutcome o;
            try (ProgressLine p = ProgressLine.start(main.showProgress(json), main.err(), () -> status(stats, t0))) {
                o = s.repo.snapshot(sources, n, stats, warnings);
                s.keys(); // a snapshot that needed no key (nothing at all to store) still checks the passphrase
            } catch (IllegalArgumentException e) {
                s.checkUnlocked();
                throw new CliException(ExitCode.USAGE, e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                if (e instanceof CliException) throw e;
                s.checkUnlocked(); // a wrong passphrase surfaces inside the engine: report it as such
                throw e;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            print(main, o, secs);
            return warnings.incomplete() ? ExitCode.INCOMPLETE : ExitCode.OK;
        }
    }

    private void print(Main main, SnapshotOutcome o, double secs) {
        SnapshotStats st = o.stats();
        if (json) {
            Map<String, Object> j = Json.object();
            j.put("id", o.id().toString());
            j.put("files", st.files.get());
            j.put("bytes", st.bytes.get());
            j.put("newBytes", st.newBytes.get());
            j.put("blocks", o.blocks());
            j.put("newBlocks", st.newBlocks.get());
            j.put("seconds", secs);
            j.put("filesRead", st.filesRead.get());
            j.put("bytesRead", st.bytesRead.get());
            j.put("directories", st.directories.get());
            j.put("symlinks", st.symlinks.get());
            j.put("rereads", st.rereads.get());
            List<Object> w = Json.array();
            for (Warnings.Warning x : o.warnings().all()) w.add(Map.of("path", x.path().toString(), "message", x.message()));
            j.put("warnings", w);
            j.put("complete", !o.warnings().incomplete());
            main.out().println(Json.write(j));
        } else if (main.quiet()) {
            main.out().println(o.id());
        } else {
            main.out().println("snapshot " + o.id());
            main.out().printf("  %d files (%s), %d read (%s), %d directories, %d symlinks%n", st.files.get(),
                    Units.bytes(st.bytes.get()), st.filesRead.get(), Units.bytes(st.bytesRead.get()),
                    st.directories.get(), st.symlinks.get());
            main.out().printf("  %d blocks, %d new (%s stored)%n", o.blocks(), st.newBlocks.get(), Units.bytes(st.newBytes.get()));
            main.out().printf("  %s (%s read)%n", Units.seconds(secs), Units.rate(st.bytesRead.get(), secs));
            if (o.warnings().incomplete()) main.out().println("  INCOMPLETE: some sources could not be read (see warnings)");
        }
    }

    private static String status(SnapshotStats st, long t0) {
        double secs = (System.nanoTime() - t0) / 1e9;
        return String.format("  %d files, %s read, %d new blocks, %s", st.files.get(), Units.bytes(st.bytesRead.get()),
                st.newBlocks.get(), Units.rate(st.bytesRead.get(), secs));
    }

    /** {@code mind=PATH} options to layer → paths, in mind, body, spirit order. */
    static Map<String, List<Path>> parseLayers(List<String> options) {
        Map<String, List<Path>> byLayer = new LinkedHashMap<>();
        for (String o : options) {
            int eq = o.indexOf('=');
            if (eq <= 0 || eq == o.length() - 1) throw new CliException(ExitCode.USAGE, "--layer wants LAYER=PATH, not '" + o + "'");
            String layer = o.substring(0, eq);
            if (!Config.LAYERS.contains(layer)) {
                throw new CliException(ExitCode.USAGE, "unknown layer '" + layer + "' (layers are " + String.join(", ", Config.LAYERS) + ")");
            }
            byLayer.computeIfAbsent(layer, k -> new ArrayList<>()).add(Path.of(o.substring(eq + 1)));
        }
        Map<String, List<Path>> ordered = new LinkedHashMap<>();
        for (String l : Config.LAYERS) if (byLayer.containsKey(l)) ordered.put(l, byLayer.get(l));
        return ordered;
    }
}
