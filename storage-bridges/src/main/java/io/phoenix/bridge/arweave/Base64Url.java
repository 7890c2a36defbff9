package io.phoenix.bridge.arweave;

import io.phoenix.protocol.FormatException;
import java.util.Base64;

/** Arweave's base64url without padding (ids, owners, signatures, tags, chunk data). */
public final class Base64Url {
    private Base64Url() {}

    public static String encode(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static byte[] decode(String s) {
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new FormatException("not base64url: " + (s.length() > 60 ? s.substring(0, 57) + "..." : s), e);
        }
    }
}
