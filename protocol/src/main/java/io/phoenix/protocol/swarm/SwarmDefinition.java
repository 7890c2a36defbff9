package io.phoenix.protocol.swarm;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Multihash;
import io.phoenix.protocol.p2p.crypto.PublicKeys;
import io.phoenix.protocol.p2p.PeerId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The file every site of a swarm shares: its name, the sites (peer id, addresses, role), the
 * writers (who may author snapshots) and the readers (who hold the data key). Immutable; a
 * definition that exists is valid (the constructor checks every rule and reports all problems).
 * Its {@link #id()} is the hash of its {@link SwarmCanonicalForm canonical form}.
 */
public record SwarmDefinition(String name, List<Site> sites, List<Writer> writers, List<PeerId> readers) {
    /** Swarm and site names: lower-case ASCII letters, digits, '.', '_' and '-', 1 to 63 characters. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public SwarmDefinition {
        sites = List.copyOf(sites);
        writers = List.copyOf(writers);
        readers = List.copyOf(readers);
        List<String> problems = problems(name, sites, writers, readers);
        if (!problems.isEmpty()) throw new InvalidSwarmDefinitionException(problems);
    }

    /** A new swarm with no sites yet. */
    public static SwarmDefinition empty(String name) {
        return new SwarmDefinition(name, List.of(), List.of(), List.of());
    }

    public SwarmId id() {
        return SwarmId.ofCanonicalForm(SwarmCanonicalForm.encode(this));
    }

    public Optional<Site> site(PeerId peer) {
        return sites.stream().filter(s -> s.peerId().equals(peer)).findFirst();
    }

    public Optional<Site> site(String siteName) {
        return sites.stream().filter(s -> s.name().equals(siteName)).findFirst();
    }

    public Optional<Writer> writer(PeerId peer) {
        return writers.stream().filter(w -> w.peerId().equals(peer)).findFirst();
    }

    public boolean isReader(PeerId peer) {
        return readers.contains(peer);
    }

    /**
     * This definition with {@code site} added, or replacing the site with the same peer id or
     * name; optionally also made a writer and/or reader (a writer is always made a reader too:
     * it needs the data key to encrypt).
     */
    public SwarmDefinition withSite(Site site, Writer writer, boolean reader) {
        List<Site> s = new ArrayList<>();
        PeerId replaced = null;
        for (Site old : sites) {
            if (old.peerId().equals(site.peerId()) || old.name().equals(site.name())) {
                replaced = old.peerId();
            } else {
                s.add(old);
            }
        }
        s.add(site);
        PeerId gone = replaced;
        List<Writer> w = new ArrayList<>(writers.stream()
                .filter(x -> !x.peerId().equals(site.peerId()) && !x.peerId().equals(gone)).toList());
        List<PeerId> r = new ArrayList<>(readers.stream()
                .filter(x -> !x.equals(site.peerId()) && !x.equals(gone)).toList());
        if (writer != null) {
            if (!writer.peerId().equals(site.peerId())) {
                throw new IllegalArgumentException("writer peer id " + writer.peerId() + " is not the site's " + site.peerId());
            }
            w.add(writer);
        }
        if (reader || writer != null) r.add(site.peerId());
        return new SwarmDefinition(name, s, w, r);
    }

    /** Why {@code peer} cannot be a site (not an Ed25519 libp2p key), or null when it can. */
    public static String peerIdProblem(PeerId peer) {
        byte[] key = peer.inlinePublicKey();
        if (key == null) return "peer id " + peer + " does not inline its public key (only Ed25519 peer ids, 12D3KooW..., are accepted)";
        try {
            if (PublicKeys.type(key) != PublicKeys.KeyType.ED25519) return "peer id " + peer + " is not an Ed25519 key";
        } catch (FormatException e) {
            return "peer id " + peer + " does not hold a valid public key: " + e.getMessage();
        }
        return null;
    }

    static List<String> problems(String name, List<Site> sites, List<Writer> writers, List<PeerId> readers) {
        List<String> p = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            p.add("swarm name '" + name + "' must be 1-63 characters of a-z, 0-9, '.', '_', '-' starting with a letter or digit");
        }
        Set<PeerId> peers = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Site s : sites) {
            String label = "site '" + s.name() + "'";
            if (!NAME.matcher(s.name()).matches()) {
                p.add(label + ": name must be 1-63 characters of a-z, 0-9, '.', '_', '-' starting with a letter or digit");
            }
            if (!names.add(s.name())) p.add(label + ": site name appears more than once");
            if (!peers.add(s.peerId())) p.add(label + ": peer id " + s.peerId() + " is already used by another site");
            String bad = peerIdProblem(s.peerId());
            if (bad != null) p.add(label + ": " + bad);
            for (var a : s.addresses()) {
                if (!a.isTcp()) p.add(label + ": address '" + a + "' is not a dialable ip4/ip6/dns + tcp multiaddr");
                if (a.peerId() != null && !a.peerId().equals(s.peerId())) {
                    p.add(label + ": address '" + a + "' names another peer than " + s.peerId());
                }
            }
        }
        Set<PeerId> writerPeers = new HashSet<>();
        for (Writer w : writers) {
            String label = "writer " + w.peerId();
            if (!writerPeers.add(w.peerId())) p.add(label + ": listed more than once");
            Optional<Site> site = sites.stream().filter(s -> s.peerId().equals(w.peerId())).findFirst();
            if (site.isEmpty()) {
                p.add(label + ": not a site of the swarm");
            } else if (!site.get().role().mayHoldDataKey()) {
                p.add(label + ": site '" + site.get().name() + "' has role " + site.get().role().label()
                        + ", which never holds the data key; writers must be full or edge sites");
            }
            if (!readers.contains(w.peerId())) p.add(label + ": a writer must also be a reader (it needs the data key)");
            if (w.mlDsaFingerprint().code() != Multihash.SHA2_256) p.add(label + ": ML-DSA-65 fingerprint must be a sha2-256 multihash");
            byte[] key = w.mlDsaPublicKey();
            if (key != null) {
                if (key.length != Writer.ML_DSA_65_PUBLIC_KEY_BYTES) {
                    p.add(label + ": ML-DSA-65 public key is " + key.length + " bytes, expected " + Writer.ML_DSA_65_PUBLIC_KEY_BYTES);
                }
                if (!w.matchesKey(key)) p.add(label + ": ML-DSA-65 fingerprint does not match the public key");
            }
        }
        Set<PeerId> readerSet = new HashSet<>();
        for (PeerId r : readers) {
            String label = "reader " + r;
            if (!readerSet.add(r)) p.add(label + ": listed more than once");
            Optional<Site> site = sites.stream().filter(s -> s.peerId().equals(r)).findFirst();
            if (site.isEmpty()) {
                p.add(label + ": not a site of the swarm");
            } else if (!site.get().role().mayHoldDataKey()) {
                p.add(label + ": site '" + site.get().name() + "' has role " + site.get().role().label()
                        + ", which never holds the data key; readers must be full or edge sites");
            }
        }
        return p;
    }
}
