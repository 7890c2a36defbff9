package io.phoenix.protocol.manifest;

import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/** Fixed keys and a sample manifest. */
final class ManifestFixtures {
    static final byte[] ED_SEED = seed(1);
    static final MlDsa65KeyPair ML_DSA = MlDsa65KeyPair.fromSeed(seed(2));
    static final ManifestSigner SIGNER = new ManifestSigner(ED_SEED, ML_DSA);

    private ManifestFixtures() {}

    static byte[] seed(int v) {
        byte[] s = new byte[32];
        for (int i = 0; i < 32; i++) s[i] = (byte) (v * 31 + i);
        return s;
    }

    static Cid raw(String s) {
        return Cid.ofRaw(s.getBytes(StandardCharsets.UTF_8));
    }

    static Manifest manifest(long seq, List<Cid> parents, List<Cid> index) {
        TreeMap<String, Cid> layers = new TreeMap<>();
        layers.put("mind", raw("mind-root"));
        layers.put("body", raw("body-root"));
        layers.put("spirit", raw("spirit-root"));
        return new Manifest("swarm-test", "phoenix", seq, Instant.ofEpochMilli(1_764_000_000_000L + seq), parents,
                SIGNER.author(), layers, new Totals(10, 12345, 20), index);
    }
}
