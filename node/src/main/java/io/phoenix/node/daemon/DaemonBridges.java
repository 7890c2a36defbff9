package io.phoenix.node.daemon;

import io.phoenix.bridge.Bridge;
import io.phoenix.node.bridges.AutoPush;
import io.phoenix.node.bridges.ConfiguredBridges;
import io.phoenix.node.bridges.PushLedger;
import io.phoenix.node.home.ConfigException;
import io.phoenix.node.home.Home;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.swarm.SwarmId;
import io.phoenix.protocol.time.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Opens the daemon's automatic pushes: every {@code [bridges.*]} section of config.toml with
 * {@code auto-push} on (the default except for car), without the bridges' own retries (the push
 * workers retry with {@link AutoPush#daemonPolicy()}), and the push state file
 * {@code <home>/daemon/bridge-pushes.json}. A bridge that cannot be opened (a missing token, an
 * unreadable wallet) does not stop the node: it is reported as unavailable in the status.
 */
final class DaemonBridges {
    private static final System.Logger LOG = System.getLogger(DaemonBridges.class.getName());

    private DaemonBridges() {}

    static AutoPush open(Home home, SwarmId swarm, BlockStore store, Scheduler scheduler, RandomGenerator random, Map<String, String> env) throws IOException {
        ConfiguredBridges configured = new ConfiguredBridges(home.config(), home.directory(), env, swarm.toString());
        Map<String, Bridge> bridges = new LinkedHashMap<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        for (String name : configured.configured()) {
            try {
                if (!configured.autoPush(name)) continue;
                bridges.put(name, configured.openOnce(name));
            } catch (ConfigException | IOException | RuntimeException e) {
                String why = (e instanceof ConfigException ? "bad configuration: " : "cannot open: ") + e.getMessage();
                unavailable.put(name, why);
                LOG.log(System.Logger.Level.WARNING, "bridge " + name + " is not pushed to automatically: " + why);
            }
        }
        Path file = PushLedger.fileIn(home.directory());
        PushLedger ledger;
        try {
            ledger = PushLedger.open(file);
        } catch (FormatException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; moved to " + aside + " and starting afresh (bridges skip what they hold)");
            ledger = PushLedger.open(file);
        }
        if (!bridges.isEmpty()) LOG.log(System.Logger.Level.INFO, "pushing every held snapshot automatically to " + String.join(", ", bridges.keySet()));
        return new AutoPush(bridges, unavailable, ledger, store, configured.layout(), scheduler, AutoPush.daemonPolicy(), random);
    }
}
