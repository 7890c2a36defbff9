package io.phoenix.node.cli;

import io.phoenix.node.home.Home;
import io.phoenix.node.store.InUseException;
import io.phoenix.node.store.pack.IndexRebuild;
import io.phoenix.node.store.pack.RebuildReport;
import io.phoenix.protocol.json.Json;
import io.phoenix.protocol.store.StoreFullException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phoenix repair index}: rebuilds what the home can derive again from what it holds. */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Rebuild derived on-disk structures of the home from the data they describe."},
        subcommands = {RepairCommand.Index.class})
final class RepairCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "index", mixinStandardHelpOptions = true,
            description = {"Rebuild the block store's index from its packs: every entry the ledger says was indexed is",
                "read and checked against its CID; damaged entries are left out (the block reads as absent until",
                "a put or the swarm repairs it). The new index replaces the old one only once it is durable, so an",
                "interrupted or failed run (a full disk, say) leaves the old index in use. Takes the home's lock:",
                "refused while a node runs. Needs free space of about twice the size of STORE/index.",
                "Exits 3 when damage cost blocks (each named on stderr)."})
    static final class Index implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print one JSON object with the result.")
        boolean json;

        private volatile int packsDone;
        private volatile int packs;
        private volatile long bytesRead;

        @Override
        public Integer call() {
            Main main = Main.of(spec);
            try (Home home = Session.openHome(main.home())) {
                Path store = home.storeDirectory();
                long t0 = System.nanoTime();
                RebuildReport r;
                try (ProgressLine p = ProgressLine.start(main.showProgress(json), main.err(),
                        () -> String.format(Locale.ROOT, "  %d of %d packs, %s read", packsDone, packs, Units.bytes(bytesRead)))) {
                    r = IndexRebuild.rebuild(store, new IndexRebuild.Listener() {
                        @Override
                        public void scanned(int done, int all, long bytes) {
                            packsDone = done;
                            packs = all;
                            bytesRead = bytes;
                        }
                    });
                } catch (InUseException e) {
                    throw new CliException(ExitCode.BUSY, e.getMessage() + " (try again when it is done)", e);
                } catch (StoreFullException e) {
                    throw new CliException(ExitCode.FAILURE, "disk full: " + e.getMessage() + " (the old index is still in use and nothing"
                            + " was changed; free space, about twice the size of " + store.resolve("index") + ", and run 'phoenix repair index' again)", e);
                } catch (IOException e) {
                    throw new CliException(ExitCode.FAILURE, "rebuilding the index failed: " + ErrorReporter.describe(e), e);
                }
                report(main, r, (System.nanoTime() - t0) / 1e9);
                return r.damageFound() ? ExitCode.DAMAGE : ExitCode.OK;
            } catch (IOException e) {
                throw new CliException(ExitCode.FAILURE, ErrorReporter.describe(e), e); // closing the home
            }
        }

        private void report(Main main, RebuildReport r, double secs) {
            for (RebuildReport.Damage d : r.damage()) main.err().println("phoenix: damaged " + d);
            if (r.damaged() > r.damage().size()) main.err().println("phoenix: ... and " + (r.damaged() - r.damage().size()) + " more damages");
            if (json) {
                Map<String, Object> j = Json.object();
                j.put("store", r.store().toString());
                j.put("packs", r.packs());
                j.put("bytesScanned", r.bytesScanned());
                j.put("entries", r.entries());
                j.put("indexed", r.indexed());
                j.put("damaged", r.damaged());
                j.put("absentBlocks", r.absentBlocks());
                j.put("repairedBlocks", r.repairedBlocks());
                j.put("lostRegions", r.lostRegions());
                j.put("bytesNotIndexed", r.bytesNotIndexed());
                j.put("ledger", r.ledger().name().toLowerCase(Locale.ROOT));
                j.put("runsReplaced", r.runsReplaced());
                j.put("seconds", secs);
                List<Object> damage = Json.array();
                for (RebuildReport.Damage d : r.damage()) {
                    Map<String, Object> o = Json.object();
                    o.put("pack", d.pack().toString());
                    o.put("offset", d.offset());
                    o.put("cid", d.cid() == null ? null : d.cid().toString());
                    o.put("reason", d.reason());
                    o.put("goodCopy", d.goodCopy());
                    damage.add(o);
                }
                j.put("damage", damage);
                j.put("ok", !r.damageFound());
                main.out().println(Json.write(j));
                return;
            }
            if (main.quiet() && !r.damageFound()) return;
            main.out().printf(Locale.ROOT, "rebuilt the index of %s from %d packs (%s) in %s: %d blocks indexed from %d verified entries%n",
                    r.store(), r.packs(), Units.bytes(r.bytesScanned()), Units.seconds(secs), r.indexed(), r.entries());
            if (r.bytesNotIndexed() > 0) {
                main.out().printf(Locale.ROOT, "  %s past the ends the ledger records were never indexed and are not trusted%n", Units.bytes(r.bytesNotIndexed()));
            }
            if (r.ledger() != RebuildReport.Ledger.INTACT) {
                main.out().printf(Locale.ROOT, "  the ledger was %s: every verified entry was indexed and the ledger written again from the packs' sizes%n",
                        r.ledger().name().toLowerCase(Locale.ROOT));
            }
            if (r.repairedBlocks() > 0) {
                main.out().printf(Locale.ROOT, "  %d blocks have a damaged copy in the packs and a good one, which is indexed%n", r.repairedBlocks());
            }
            if (r.damageFound()) {
                main.out().printf(Locale.ROOT, "DAMAGED: %d blocks left out (they read as absent until a put or the swarm repairs them), %d unreadable"
                        + " regions; listed on stderr%n", r.absentBlocks(), r.lostRegions());
            }
        }
    }
}
