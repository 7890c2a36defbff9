package io.phoenix.node.daemon;

import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SwarmDefinition;
import java.nio.file.Path;

/**
 * Whether this site decrypts: its role may hold the data key, the swarm file lists it as a reader,
 * and it has the swarm secret (a writer's own secret is the swarm's; any other reader needs
 * {@code keys/swarm.wrap} from {@code phoenix swarm install-key}). Otherwise it replicates and
 * verifies by CID only, and never reads a key file. Logs why a key file is ignored or missing.
 */
final class DataKeyDecision {
    private static final System.Logger LOG = System.getLogger(DataKeyDecision.class.getName());

    private DataKeyDecision() {}

    static boolean holdsDataKey(Path home, Site self, SwarmDefinition definition) {
        boolean hasFile = NodeKeysFiles.hasSwarmKey(home);
        if (!self.role().mayHoldDataKey() || !definition.isReader(self.peerId())) {
            if (hasFile) {
                LOG.log(System.Logger.Level.WARNING, "site '" + self.name() + "' (role " + self.role().label()
                        + ") is not a reader of the swarm: the swarm key in " + home.resolve("keys") + " is ignored; remove it");
            }
            return false;
        }
        if (definition.writer(self.peerId()).isPresent() || hasFile) return true;
        LOG.log(System.Logger.Level.WARNING, "site '" + self.name() + "' is a reader but holds no swarm key (keys/"
                + NodeKeysFiles.SWARM_WRAP + "): it replicates by CID only and cannot restore until a writer runs "
                + "'phoenix swarm wrap-key' for it and it runs 'phoenix swarm install-key'");
        return false;
    }
}
