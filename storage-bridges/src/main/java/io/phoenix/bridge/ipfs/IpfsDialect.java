package io.phoenix.bridge.ipfs;

import java.util.Map;

/**
 * The two RPC dialects spoken by IPFS nodes that matter here. Detected from
 * {@code /api/v0/version}: js-ipfs answers with an {@code ipfs-core} field, Kubo does not.
 * <ul>
 *   <li>{@code block/put}: Kubo takes {@code cid-codec=raw}; js-ipfs ignores it and wants
 *       {@code format=raw} (otherwise it stores dag-pb and answers a CIDv0).</li>
 *   <li>CID text: both are asked for {@code cid-base=base32}; js-ipfs otherwise answers base58btc.</li>
 *   <li>a missing block: both get {@code timeout=}; js-ipfs would otherwise wait forever.</li>
 * </ul>
 */
public enum IpfsDialect {
    KUBO("cid-codec"),
    JS_IPFS("format");

    private final String rawCodecParameter;

    IpfsDialect(String rawCodecParameter) {
        this.rawCodecParameter = rawCodecParameter;
    }

    /** The {@code block/put} query parameter that makes the node store a raw block. */
    public String rawCodecParameter() {
        return rawCodecParameter;
    }

    public static IpfsDialect of(Map<String, Object> version) {
        return version.containsKey("ipfs-core") ? JS_IPFS : KUBO;
    }
}
