package io.phoenix.bridge.arweave;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A signed format-2 Arweave data transaction (no transfer: empty target, quantity 0). The
 * signature covers {@code deepHash(["2", owner, target, quantity, reward, last_tx,
 * [[tag name, tag value]...], data_size, data_root])}; the id is {@code base64url(SHA-256(signature))}.
 * Data larger than {@code inlineLimit} is sent as chunks after the header (the header carries
 * {@code data: ""}).
 */
public final class ArweaveTransaction {
    private final String id;
    private final String lastTx;
    private final String owner;
    private final List<ArweaveTag> tags;
    private final BigInteger reward;
    private final ArweaveData data;
    private final ArweaveMerkle.Tree tree;
    private final String signature;

    private ArweaveTransaction(String id, String lastTx, String owner, List<ArweaveTag> tags, BigInteger reward, ArweaveData data,
                               ArweaveMerkle.Tree tree, String signature) {
        this.id = id;
        this.lastTx = lastTx;
        this.owner = owner;
        this.tags = tags;
        this.reward = reward;
        this.data = data;
        this.tree = tree;
        this.signature = signature;
    }

    public static ArweaveTransaction sign(ArweaveWallet wallet, String anchor, BigInteger reward, List<ArweaveTag> tags, byte[] data) {
        return sign(wallet, anchor, reward, tags, ArweaveData.of(data));
    }

    /** Signs a transaction over {@code data}, which is read a chunk at a time (never whole). */
    public static ArweaveTransaction sign(ArweaveWallet wallet, String anchor, BigInteger reward, List<ArweaveTag> tags, ArweaveData data) {
        ArweaveMerkle.Tree tree = data.size() == 0 ? null : ArweaveMerkle.of(data);
        byte[] dataRoot = tree == null ? new byte[0] : tree.dataRoot();
        List<Object> tagList = new ArrayList<>();
        for (ArweaveTag t : tags) tagList.add(List.of(utf8(t.name()), utf8(t.value())));
        byte[] message = DeepHash.of(List.of(utf8("2"), Base64Url.decode(wallet.owner()), new byte[0], utf8("0"),
                utf8(reward.toString()), Base64Url.decode(anchor), tagList, utf8(Long.toString(data.size())), dataRoot));
        byte[] sig = wallet.sign(message);
        String id;
        try {
            id = Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(sig));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new ArweaveTransaction(id, anchor, wallet.owner(), List.copyOf(tags), reward, data, tree, Base64Url.encode(sig));
    }

    public String id() {
        return id;
    }

    public long dataSize() {
        return data.size();
    }

    public ArweaveMerkle.Tree tree() {
        return tree;
    }

    public BigInteger reward() {
        return reward;
    }

    /** The JSON for {@code POST /tx}; {@code inline} decides whether the data rides along. */
    public Map<String, Object> toJson(boolean inline) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", 2);
        m.put("id", id);
        m.put("last_tx", lastTx);
        m.put("owner", owner);
        List<Object> t = new ArrayList<>();
        for (ArweaveTag tag : tags) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", Base64Url.encode(utf8(tag.name())));
            o.put("value", Base64Url.encode(utf8(tag.value())));
            t.add(o);
        }
        m.put("tags", t);
        m.put("target", "");
        m.put("quantity", "0");
        m.put("data", inline ? Base64Url.encode(data.bytes(0, Math.toIntExact(data.size()))) : "");
        m.put("data_size", Long.toString(data.size()));
        m.put("data_root", tree == null ? "" : Base64Url.encode(tree.dataRoot()));
        m.put("reward", reward.toString());
        m.put("signature", signature);
        return m;
    }

    /** The JSON for {@code POST /chunk} of chunk {@code i}. */
    public Map<String, Object> chunkJson(int i) {
        ArweaveMerkle.Chunk c = tree.chunks().get(i);
        ArweaveMerkle.Proof p = tree.proofs().get(i);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data_root", Base64Url.encode(tree.dataRoot()));
        m.put("data_size", Long.toString(data.size()));
        m.put("data_path", Base64Url.encode(p.path()));
        m.put("offset", Long.toString(p.offset()));
        m.put("chunk", Base64Url.encode(data.bytes(c.start(), c.length())));
        return m;
    }

    /** Total size of the tags as Arweave counts it (names and values in bytes); nodes refuse more than 2048. */
    public static int tagBytes(List<ArweaveTag> tags) {
        int n = 0;
        for (ArweaveTag t : tags) n += utf8(t.name()).length + utf8(t.value()).length;
        return n;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
