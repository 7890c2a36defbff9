package io.phoenix.protocol.multiformats;

import io.phoenix.protocol.FormatException;
import java.math.BigInteger;
import java.util.Arrays;

/** Bitcoin base58 alphabet (multibase prefix {@code z}; bare in libp2p peer ids). */
public final class Base58 {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final int[] INDEX = new int[128];
    private static final BigInteger BASE = BigInteger.valueOf(58);

    static {
        Arrays.fill(INDEX, -1);
        for (int i = 0; i < ALPHABET.length(); i++) INDEX[ALPHABET.charAt(i)] = i;
    }

    private Base58() {}

    public static String encode(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) zeros++;
        StringBuilder sb = new StringBuilder();
        BigInteger n = new BigInteger(1, data);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            sb.append(ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < zeros; i++) sb.append('1');
        return sb.reverse().toString();
    }

    public static byte[] decode(CharSequence text) {
        if (text.length() > 512) throw new FormatException("base58 text too long: " + text.length());
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == '1') zeros++;
        BigInteger n = BigInteger.ZERO;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int v = c < 128 ? INDEX[c] : -1;
            if (v < 0) throw new FormatException("invalid base58 character '" + c + "' at " + i);
            n = n.multiply(BASE).add(BigInteger.valueOf(v));
        }
        byte[] body = n.signum() == 0 ? new byte[0] : n.toByteArray();
        int skip = body.length > 0 && body[0] == 0 ? 1 : 0;
        byte[] out = new byte[zeros + body.length - skip];
        System.arraycopy(body, skip, out, zeros, body.length - skip);
        return out;
    }
}
