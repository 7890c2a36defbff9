package io.phoenix.node.home;

import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.multiformats.FormatException;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The files under {@code HOME/keys/}:
 *
 * <pre>
 * identity.pub   libp2p PublicKey protobuf of the node identity (peer id without the passphrase)
 * writer.pub     ML-DSA-65 public key, 1,952 bytes
 * secrets        {@link PassphraseSeal} of the secrets record below (mode 0600)
 * </pre>
 *
 * Secrets record, version 1: {@code 0x01 ‖ u16 len ‖ identity PrivateKey protobuf ‖ u16 len ‖
 * ML-DSA-65 seed (32) ‖ u16 len ‖ repository secret (32)}, lengths big-endian. One Argon2id run
 * unlocks everything.
 */
public final class HomeKeys {
    static final int SECRETS_VERSION = 1;

    private HomeKeys() {}

    /** Public halves, readable without the passphrase. */
    public record PublicKeys(PeerId peerId, byte[] identityPublicKeyProtobuf, byte[] writerPublicKey) {}

    /** Generates the identity, writer key and repository secret and writes them sealed under the passphrase. */
    static KeyRing create(Path keys, InitOptions options) throws IOException {
        SecureRandom random = options.random();
        IdentityKey identity = IdentityKey.generate(random);
        MlDsa65KeyPair writer = MlDsa65KeyPair.generate(random);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        KeyRing ring = KeyRing.of(identity, writer, secret);
        byte[] record = encode(ring);
        try {
            Files.createDirectories(keys);
            writeAtomically(keys.resolve("identity.pub"), identity.publicKeyProtobuf(), false);
            writeAtomically(keys.resolve("writer.pub"), writer.publicKey(), false);
            writeAtomically(keys.resolve("secrets"), options.seal().seal(options.passphrase(), record, random), true);
        } finally {
            Arrays.fill(record, (byte) 0);
            Arrays.fill(secret, (byte) 0);
        }
        return ring;
    }

    static PublicKeys readPublic(Path keys) throws IOException {
        byte[] identityPub = read(keys.resolve("identity.pub"));
        byte[] writerPub = read(keys.resolve("writer.pub"));
        try {
            return new PublicKeys(PeerId.fromPublicKeyProtobuf(identityPub), identityPub, writerPub);
        } catch (FormatException e) {
            throw new HomeException("damaged " + keys.resolve("identity.pub") + ": " + e.getMessage(), e);
        }
    }

    static KeyRing unlock(Path keys, char[] passphrase) throws IOException {
        Path file = keys.resolve("secrets");
        byte[] record;
        try {
            record = PassphraseSeal.open(passphrase, read(file), file.toString());
        } catch (IllegalArgumentException e) {
            throw new HomeException("damaged " + file + ": " + e.getMessage(), e);
        }
        try {
            KeyRing ring = decode(record, file);
            PublicKeys pub = readPublic(keys);
            if (!ring.peerId().equals(pub.peerId()) || !Arrays.equals(ring.writer().publicKey(), pub.writerPublicKey())) {
                throw new HomeException(keys + ": the public key files do not belong to the sealed secrets");
            }
            return ring;
        } finally {
            Arrays.fill(record, (byte) 0);
        }
    }

    static byte[] encode(KeyRing ring) {
        byte[] identity = ring.identity().toPrivateKeyProtobuf();
        byte[] writer = ring.writer().seed();
        byte[] secret = ring.repositorySecret();
        ByteBuffer b = ByteBuffer.allocate(1 + 6 + identity.length + writer.length + secret.length);
        b.put((byte) SECRETS_VERSION);
        for (byte[] part : new byte[][] {identity, writer, secret}) {
            b.putShort((short) part.length).put(part);
            Arrays.fill(part, (byte) 0);
        }
        return b.array();
    }

    static KeyRing decode(byte[] record, Path file) throws HomeException {
        try {
            ByteBuffer b = ByteBuffer.wrap(record);
            int version = b.get() & 0xFF;
            if (version != SECRETS_VERSION) throw new HomeException(file + ": unsupported secrets version " + version);
            byte[] identity = part(b);
            byte[] writer = part(b);
            byte[] secret = part(b);
            if (b.hasRemaining()) throw new HomeException(file + ": trailing bytes in the secrets record");
            return KeyRing.of(IdentityKey.fromPrivateKeyProtobuf(identity), MlDsa65KeyPair.fromSeed(writer), secret);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new HomeException(file + ": damaged secrets record: " + e.getMessage(), e);
        }
    }

    private static byte[] part(ByteBuffer b) {
        byte[] p = new byte[b.getShort() & 0xFFFF];
        b.get(p);
        return p;
    }

    private static byte[] read(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new HomeException("missing key file " + file + " (was the home initialised completely?)", e);
        }
    }

    private static void writeAtomically(Path file, byte[] data, boolean secret) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (secret && Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
