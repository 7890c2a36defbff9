package io.phoenix.protocol.swarm;

import io.phoenix.protocol.p2p.PeerId;
import java.util.Optional;

/**
 * Admission to the swarm: a connection is accepted only from a peer listed as a site of our
 * definition, and only if the swarm id it announces is ours (same sites, writers, readers, name).
 * Pure; the node calls {@link #checkPeer} after the secure handshake and {@link #check} when the
 * remote's swarm id arrives (anti-entropy and block-exchange hellos).
 */
public final class SwarmGate {
    private final SwarmDefinition definition;
    private final SwarmId id;

    public SwarmGate(SwarmDefinition definition) {
        this.definition = definition;
        this.id = definition.id();
    }

    public SwarmId swarmId() {
        return id;
    }

    public SwarmDefinition definition() {
        return definition;
    }

    /** Membership only (before the remote has announced a swarm id). */
    public GateDecision checkPeer(PeerId remote) {
        Optional<Site> site = definition.site(remote);
        if (site.isEmpty()) {
            return GateDecision.refuse(remote, "refusing peer " + remote + ": not a site of swarm '"
                    + definition.name() + "' (" + id + ")");
        }
        return GateDecision.accept(remote, site.get());
    }

    /** Membership and swarm id. */
    public GateDecision check(PeerId remote, SwarmId announced) {
        GateDecision member = checkPeer(remote);
        if (!member.accepted()) return member;
        if (announced == null) {
            return GateDecision.refuse(remote, "refusing peer " + remote + " (site '" + member.site().name()
                    + "'): it announced no swarm id");
        }
        if (!announced.equals(id)) {
            return GateDecision.refuse(remote, "refusing peer " + remote + " (site '" + member.site().name()
                    + "'): it announced swarm id " + announced + " but ours is " + id
                    + " (the swarm files differ: compare `phoenix swarm show` on both sites)");
        }
        return member;
    }
}
