package io.phoenix.node.cli;

import io.phoenix.node.swarm.SwarmFile;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phoenix swarm show [--json]}: the swarm as the node understands it, with its id. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print the swarm definition and its swarm id.")
final class SwarmShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--file", paramLabel = "FILE", description = "Swarm file (default: HOME/swarm.toml).")
    Path file;

    @Override
    public Integer call() throws Exception {
        SwarmDefinition def = SwarmFile.read(SwarmCommand.file(spec, file));
        PrintWriter out = spec.commandLine().getOut();
        List<Site> sites = def.sites().stream().sorted(Comparator.comparing(Site::name)).toList();
        if (json) {
            out.println(json(def, sites));
            return 0;
        }
        out.println("swarm    " + def.name());
        out.println("id       " + def.id());
        out.println("sites    " + sites.size() + ", writers " + def.writers().size() + ", readers " + def.readers().size());
        int width = sites.stream().mapToInt(s -> s.name().length()).max().orElse(4);
        for (Site s : sites) {
            StringBuilder line = new StringBuilder("  ").append(pad(s.name(), width)).append("  ").append(pad(s.role().label(), 7))
                    .append("  ").append(s.peerId());
            if (def.writer(s.peerId()).isPresent()) line.append("  writer");
            if (def.isReader(s.peerId())) line.append("  reader");
            out.println(line);
            for (var a : s.addresses()) out.println("  " + " ".repeat(width) + "           " + a);
        }
        for (Writer w : def.writers()) {
            out.println("writer " + w.peerId() + " ML-DSA-65 " + w.fingerprintText() + (w.mlDsaPublicKey() == null ? " (fingerprint only)" : ""));
        }
        return 0;
    }

    private static String json(SwarmDefinition def, List<Site> sites) {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"name\":").append(str(def.name())).append(",\"id\":").append(str(def.id().toString())).append(",\"sites\":[");
        for (int i = 0; i < sites.size(); i++) {
            Site s = sites.get(i);
            if (i > 0) sb.append(',');
            sb.append("{\"name\":").append(str(s.name())).append(",\"peerId\":").append(str(s.peerId().toString()))
                    .append(",\"role\":").append(str(s.role().label())).append(",\"addresses\":[");
            for (int j = 0; j < s.addresses().size(); j++) sb.append(j > 0 ? "," : "").append(str(s.addresses().get(j).toString()));
            sb.append("],\"writer\":").append(def.writer(s.peerId()).isPresent()).append(",\"reader\":").append(def.isReader(s.peerId())).append('}');
        }
        sb.append("],\"writers\":[");
        for (int i = 0; i < def.writers().size(); i++) {
            Writer w = def.writers().get(i);
            sb.append(i > 0 ? "," : "").append("{\"peerId\":").append(str(w.peerId().toString())).append(",\"mldsa65Fingerprint\":")
                    .append(str(w.fingerprintText())).append(",\"hasPublicKey\":").append(w.mlDsaPublicKey() != null).append('}');
        }
        sb.append("],\"readers\":[");
        List<PeerId> readers = def.readers().stream().sorted().toList();
        for (int i = 0; i < readers.size(); i++) sb.append(i > 0 ? "," : "").append(str(readers.get(i).toString()));
        return sb.append("]}").toString();
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }

    private static String pad(String s, int n) {
        return s.length() >= n ? s : s + " ".repeat(n - s.length());
    }
}
