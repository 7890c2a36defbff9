package io.phoenix.bridge.arweave;

import io.phoenix.protocol.json.Json;
import io.phoenix.protocol.FormatException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Arweave wallet: an RSA key (4096-bit when generated, public exponent 65537) kept as a JWK
 * ({@code kty, n, e, d, p, q, dp, dq, qi}, base64url big-endian, the format arweave-js and the
 * Arweave wallets use). The owner is the modulus, the address {@code base64url(SHA-256(n))}, and
 * signatures are RSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt.
 */
public final class ArweaveWallet {
    private final RSAPrivateCrtKey key;

    private ArweaveWallet(RSAPrivateCrtKey key) {
        this.key = key;
    }

    public static ArweaveWallet generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(new RSAKeyGenParameterSpec(4096, RSAKeyGenParameterSpec.F4), random);
            return new ArweaveWallet((RSAPrivateCrtKey) g.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation unavailable", e);
        }
    }

    public static ArweaveWallet fromJwk(String json) {
        Map<String, Object> jwk = Json.object(json);
        if (!"RSA".equals(jwk.get("kty"))) throw new FormatException("Arweave wallet JWK must have kty RSA");
        try {
            RSAPrivateCrtKeySpec spec = new RSAPrivateCrtKeySpec(num(jwk, "n"), num(jwk, "e"), num(jwk, "d"), num(jwk, "p"),
                    num(jwk, "q"), num(jwk, "dp"), num(jwk, "dq"), num(jwk, "qi"));
            return new ArweaveWallet((RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(spec));
        } catch (GeneralSecurityException e) {
            throw new FormatException("Arweave wallet JWK is not a valid RSA key: " + e.getMessage(), e);
        }
    }

    public static ArweaveWallet load(Path file) throws IOException {
        return fromJwk(Files.readString(file));
    }

    /** Writes the JWK, readable by the owner only. */
    public void save(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, toJwk(), StandardOpenOption.TRUNCATE_EXISTING);
    }

    public String toJwk() {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("n", b64(key.getModulus()));
        jwk.put("e", b64(key.getPublicExponent()));
        jwk.put("d", b64(key.getPrivateExponent()));
        jwk.put("p", b64(key.getPrimeP()));
        jwk.put("q", b64(key.getPrimeQ()));
        jwk.put("dp", b64(key.getPrimeExponentP()));
        jwk.put("dq", b64(key.getPrimeExponentQ()));
        jwk.put("qi", b64(key.getCrtCoefficient()));
        return Json.write(jwk);
    }

    /** The owner field of transactions: the modulus, base64url. */
    public String owner() {
        return b64(key.getModulus());
    }

    public String address() {
        try {
            return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(unsigned(key.getModulus())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public int modulusBits() {
        return key.getModulus().bitLength();
    }

    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-PSS signing failed", e);
        }
    }

    private static BigInteger num(Map<String, Object> jwk, String field) {
        if (!(jwk.get(field) instanceof String s)) throw new FormatException("Arweave wallet JWK lacks '" + field + "'");
        return new BigInteger(1, Base64Url.decode(s));
    }

    private static String b64(BigInteger v) {
        return Base64Url.encode(unsigned(v));
    }

    static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }
}
