package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.swarm.SwarmFile;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import io.phoenix.protocol.testing.TestPeers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SwarmCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        CommandLine cl = new CommandLine(new SwarmCommand());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            c.getErr().println("phoenix: " + ex.getMessage());
            return 1;
        });
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    /** A node home as `phoenix init` leaves it: keys/identity.pub and keys/writer.pub. */
    Path home(String name, IdentityKey key) throws Exception {
        Path h = dir.resolve(name);
        Files.createDirectories(h.resolve("keys"));
        Files.write(h.resolve("keys/identity.pub"), key.publicKeyProtobuf());
        byte[] writer = new byte[Writer.ML_DSA_65_PUBLIC_KEY_BYTES];
        new Random(name.hashCode()).nextBytes(writer);
        Files.write(h.resolve("keys/writer.pub"), writer);
        return h;
    }

    @Test
    void buildASwarmWithoutTypingPeerIds() throws Exception {
        Path file = dir.resolve("swarm.toml");
        IdentityKey nas = TestPeers.identity(1);
        IdentityKey cloud = TestPeers.identity(2);
        Run r = run("new", "--name", "family", "--file", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("created swarm 'family'"), r.out());
        r = run("add-site", "--file", file.toString(), "--name", "nas", "--from-home", home("nas", nas).toString(),
                "--addr", "/ip4/192.168.1.10/tcp/4001", "--role", "full", "--writer");
        assertEquals(0, r.code(), r.err());
        r = run("add-site", "--file", file.toString(), "--name", "cloud", "--peer-id", cloud.peerId().toString(),
                "--addr", "/dns4/vm.example.org/tcp/4001", "--role", "storage");
        assertEquals(0, r.code(), r.err());
        SwarmDefinition def = SwarmFile.read(file);
        assertEquals(2, def.sites().size());
        assertEquals(SiteRole.STORAGE, def.site("cloud").orElseThrow().role());
        assertTrue(def.writer(nas.peerId()).orElseThrow().matchesKey(Files.readAllBytes(dir.resolve("nas/keys/writer.pub"))));
        assertTrue(def.isReader(nas.peerId()));
        assertTrue(r.out().contains("swarm id " + def.id()), r.out());

        Run show = run("show", "--file", file.toString());
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("id       " + def.id()), show.out());
        assertTrue(show.out().contains(nas.peerId() + "  writer  reader"), show.out());
        Run json = run("show", "--json", "--file", file.toString());
        assertTrue(json.out().startsWith("{\"name\":\"family\",\"id\":\"" + def.id() + "\",\"sites\":[{\"name\":\"cloud\""), json.out());
        assertTrue(json.out().contains("\"role\":\"storage\",\"addresses\":[\"/dns4/vm.example.org/tcp/4001\"],\"writer\":false,\"reader\":false"), json.out());
    }

    @Test
    void mistakesAreRefusedAndTheFileIsUntouched() throws Exception {
        Path file = dir.resolve("swarm.toml");
        assertEquals(0, run("new", "--name", "s", "--file", file.toString()).code());
        String before = Files.readString(file);
        Run exists = run("new", "--name", "s", "--file", file.toString());
        assertEquals(1, exists.code());
        assertTrue(exists.err().contains("already exists"), exists.err());
        assertEquals(2, run("new", "--name", "Bad Name", "--file", dir.resolve("x.toml").toString()).code());
        Run badPeer = run("add-site", "--file", file.toString(), "--name", "a", "--peer-id", "12D3KooWnope", "--role", "full");
        assertEquals(2, badPeer.code());
        assertTrue(badPeer.err().contains("--peer-id: "), badPeer.err());
        Run badRole = run("add-site", "--file", file.toString(), "--name", "a", "--peer-id", TestPeers.peer(1).toString(), "--role", "boss");
        assertEquals(2, badRole.code());
        Run storageWriter = run("add-site", "--file", file.toString(), "--name", "a", "--from-home",
                home("a", TestPeers.identity(1)).toString(), "--role", "storage", "--writer");
        assertEquals(1, storageWriter.code());
        assertTrue(storageWriter.err().contains("has role storage, which never holds the data key"), storageWriter.err());
        Run noHome = run("add-site", "--file", file.toString(), "--name", "b", "--from-home", dir.resolve("nohome").toString(), "--role", "full");
        assertEquals(1, noHome.code());
        assertTrue(noHome.err().contains("identity.pub not found"), noHome.err());
        assertEquals(before, Files.readString(file));
        Run noFile = run("show", "--file", dir.resolve("missing.toml").toString());
        assertEquals(1, noFile.code());
        assertTrue(noFile.err().contains("phoenix swarm new"), noFile.err());
    }
}
