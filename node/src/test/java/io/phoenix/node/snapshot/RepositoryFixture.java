package io.phoenix.node.snapshot;

import io.phoenix.node.restore.Damage;
import io.phoenix.node.restore.RestoreStats;
import io.phoenix.node.store.pack.PackBlockStore;
import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.DataKeys;
import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.manifest.Manifest;
import io.phoenix.protocol.manifest.ManifestSigner;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.tree.ChunkRef;
import io.phoenix.protocol.tree.EncryptedTreeBlocks;
import io.phoenix.protocol.tree.FileEntry;
import io.phoenix.protocol.tree.TreeEntry;
import io.phoenix.protocol.tree.TreeReader;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A repository on a real {@link PackBlockStore} in a temporary directory, with seeded keys. */
final class RepositoryFixture implements AutoCloseable {
    final Path home;
    final PackBlockStore store;
    final Repository repo;
    final List<Warnings.Warning> warned = new ArrayList<>();
    private final DataKeys keys;
    private final ManifestSigner signer;

    RepositoryFixture(Path home, long seed) throws Exception {
        this.home = home;
        this.store = PackBlockStore.open(home.resolve("store"));
        Random r = new Random(seed);
        byte[] secret = new byte[32], ed = new byte[32];
        r.nextBytes(secret);
        r.nextBytes(ed);
        this.keys = DataKeys.derive(secret);
        SecureRandom sr = SecureRandom.getInstance("SHA1PRNG");
        sr.setSeed(seed);
        this.signer = new ManifestSigner(ed, MlDsa65KeyPair.generate(sr));
        this.repo = new Repository(store, keys, signer, home, "local", "test",
                Clock.fixed(Instant.parse("2026-01-01T02:00:00Z"), ZoneOffset.UTC));
    }

    /** The same store read with other keys (another repository secret). */
    Repository withKeys(DataKeys other) {
        return new Repository(store, other, signer, home, "local", "test", Clock.systemUTC());
    }

    SnapshotOutcome snapshot(LayerSource... layers) throws IOException {
        return repo.snapshot(List.of(layers), 2, new SnapshotStats(), new Warnings(warned::add));
    }

    Damage verifyAll() throws IOException {
        Damage d = new Damage();
        repo.verify(repo.history().newestFirst(), 2, new RestoreStats(), d);
        return d;
    }

    Damage restore(Cid id, Path target, List<String> layers, String path) throws IOException {
        Damage d = new Damage();
        repo.restore(repo.history().resolve(id.toString()).orElseThrow().signed(), target, layers, path, 2, new RestoreStats(), d);
        return d;
    }

    /** A reader of this repository's tree blocks. */
    TreeReader trees() {
        return new TreeReader(new EncryptedTreeBlocks(new BlockCodec(keys), store));
    }

    /** The chunk CIDs of file {@code name} at the root of {@code layer} in snapshot {@code id}. */
    List<Cid> chunksOf(Cid id, String layer, String name) throws IOException {
        Manifest m = repo.history().resolve(id.toString()).orElseThrow().signed().manifest();
        for (TreeEntry e : trees().list(m.layers().get(layer))) {
            if (e.name().equals(name) && e instanceof FileEntry f) return f.chunks().stream().map(ChunkRef::cid).toList();
        }
        throw new IllegalArgumentException(name);
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
