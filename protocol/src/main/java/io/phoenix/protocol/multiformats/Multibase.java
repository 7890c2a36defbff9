package io.phoenix.protocol.multiformats;

import io.phoenix.protocol.FormatException;

/** Multibase text: base32 lower ({@code b}) for output; base32 and base58btc ({@code z}) on input. */
public final class Multibase {
    private Multibase() {}

    public static String encodeBase32(byte[] data) {
        return "b" + Base32.encode(data);
    }

    public static byte[] decode(String text) {
        if (text.isEmpty()) throw new FormatException("empty multibase string");
        char prefix = text.charAt(0);
        String body = text.substring(1);
        return switch (prefix) {
            case 'b', 'B' -> Base32.decode(body);
            case 'z' -> Base58.decode(body);
            default -> throw new FormatException("unsupported multibase prefix '" + prefix + "'");
        };
    }
}
