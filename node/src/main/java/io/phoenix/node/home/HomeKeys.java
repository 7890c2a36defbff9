package io.phoenix.node.home;

import io.phoenix.protocol.crypto.KeyWrap;
import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.crypto.ReaderKeyPair;
import io.phoenix.protocol.crypto.ReaderPublicKey;
import io.phoenix.protocol.crypto.RepositorySecret;
import io.phoenix.protocol.crypto.WrongReaderKeyException;
import io.phoenix.protocol.FormatException;
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
 * identity.pub      libp2p PublicKey protobuf of the node identity (peer id without the passphrase)
 * writer.pub        ML-DSA-65 public key, 1,952 bytes
 * reader.pub        ReaderPublicKey encoding (X25519 + ML-KEM-768), 1,217 bytes
 * secrets           PassphraseBox of the secrets record below (mode 0600)
 * repository.wrap   KeyWrap of the repository secret for reader.pub, 1,185 bytes
 * </pre>
 *
 * Secrets record, version 1: {@code 0x01 ‖ u16 len ‖ identity PrivateKey protobuf (68) ‖ u16 len
 * ‖ ML-DSA-65 seed (32) ‖ u16 len ‖ ReaderKeyPair encoding (97)}, lengths big-endian. One Argon2id
 * run opens it; the reader key then unwraps the repository secret.
 */
public final class HomeKeys {
    static final int SECRETS_VERSION = 1;

    private HomeKeys() {}

    /** Public halves, readable without the passphrase. */
    public record PublicKeys(PeerId peerId, byte[] identityPublicKeyProtobuf, byte[] writerPublicKey, ReaderPublicKey readerPublicKey) {}

    /**
     * Generates the identity, writer and reader keys and the repository secret; writes the public
     * keys, the passphrase-sealed private keys and the secret wrapped for the reader key.
     */
    static KeyRing create(Path keys, InitOptions options) throws IOException {
        SecureRandom random = options.random();
        IdentityKey identity = IdentityKey.generate(random);
        MlDsa65KeyPair writer = MlDsa65KeyPair.generate(random);
        ReaderKeyPair reader = ReaderKeyPair.generate(random);
        RepositorySecret secret = RepositorySecret.generate(random);
        KeyRing ring = KeyRing.of(identity, writer, reader, secret.bytes());
        byte[] record = encode(ring);
        try {
            Files.createDirectories(keys);
            writeAtomically(keys.resolve("identity.pub"), identity.publicKeyProtobuf(), false);
            writeAtomically(keys.resolve("writer.pub"), writer.publicKey(), false);
            writeAtomically(keys.resolve("reader.pub"), reader.publicKey().encode(), false);
            writeAtomically(keys.resolve("repository.wrap"), KeyWrap.wrap(secret, reader.publicKey(), random), false);
            writeAtomically(keys.resolve("secrets"), options.seal().seal(options.passphrase(), record, random), true);
        } finally {
            Arrays.fill(record, (byte) 0);
        }
        return ring;
    }

    static PublicKeys readPublic(Path keys) throws IOException {
        byte[] identityPub = read(keys.resolve("identity.pub"));
        byte[] writerPub = read(keys.resolve("writer.pub"));
        byte[] readerPub = read(keys.resolve("reader.pub"));
        try {
            return new PublicKeys(PeerId.fromPublicKeyProtobuf(identityPub), identityPub, writerPub, ReaderPublicKey.decode(readerPub));
        } catch (FormatException e) {
            throw new HomeException("damaged public key file in " + keys + ": " + e.getMessage(), e);
        }
    }

    static KeyRing unlock(Path keys, char[] passphrase) throws IOException {
        Opened o = open(keys, passphrase);
        return o.ring(o.repositorySecret().bytes());
    }

    /**
     * The home's secrets opened in two steps, so that a command can start encrypting before the
     * signing keys are ready: {@link #open} runs the KDF, decrypts the secrets record and unwraps
     * the repository secret (enough for the data keys); {@link #ring} then decodes the identity and
     * writer keys (scalar multiplications, ML-DSA key expansion) and checks them against the public
     * key files.
     */
    public static final class Opened {
        private final Path keys;
        private final byte[] identity;
        private final byte[] writerSeed;
        private final ReaderKeyPair reader;
        private final RepositorySecret secret;

        private Opened(Path keys, byte[] identity, byte[] writerSeed, ReaderKeyPair reader, RepositorySecret secret) {
            this.keys = keys;
            this.identity = identity;
            this.writerSeed = writerSeed;
            this.reader = reader;
            this.secret = secret;
        }

        public ReaderKeyPair reader() {
            return reader;
        }

        /** The home's own repository secret ({@code repository.wrap}). */
        public RepositorySecret repositorySecret() {
            return secret;
        }

        /** The whole key ring with {@code repositorySecret}; wipes the private key bytes kept until now. */
        public KeyRing ring(byte[] repositorySecret) throws IOException {
            Path file = keys.resolve("secrets");
            try {
                IdentityKey id = IdentityKey.fromPrivateKeyProtobuf(identity);
                MlDsa65KeyPair writer = MlDsa65KeyPair.fromSeed(writerSeed);
                KeyRing ring = KeyRing.of(id, writer, reader, repositorySecret);
                PublicKeys pub = readPublic(keys);
                if (!ring.peerId().equals(pub.peerId()) || !Arrays.equals(writer.publicKey(), pub.writerPublicKey())
                        || !reader.publicKey().equals(pub.readerPublicKey())) {
                    throw new HomeException(keys + ": the public key files do not belong to the sealed secrets");
                }
                return ring;
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw new HomeException("damaged key material in " + file + ": " + e.getMessage(), e);
            } finally {
                Arrays.fill(identity, (byte) 0);
                Arrays.fill(writerSeed, (byte) 0);
            }
        }
    }

    /** The first step of unlocking (see {@link Opened}). */
    static Opened open(Path keys, char[] passphrase) throws IOException {
        Path file = keys.resolve("secrets");
        byte[] record;
        try {
            record = PassphraseSeal.open(passphrase, read(file), file.toString());
        } catch (IllegalArgumentException e) {
            throw new HomeException("damaged " + file + ": " + e.getMessage(), e);
        }
        try {
            Path wrapFile = keys.resolve("repository.wrap");
            byte[] wrap = read(wrapFile);
            ByteBuffer b = ByteBuffer.wrap(record);
            int version = b.get() & 0xFF;
            if (version != SECRETS_VERSION) throw new HomeException(file + ": unsupported secrets version " + version);
            byte[] identity = part(b);
            byte[] writerSeed = part(b);
            ReaderKeyPair reader = ReaderKeyPair.decode(part(b));
            if (b.hasRemaining()) throw new HomeException(file + ": trailing bytes in the secrets record");
            try {
                return new Opened(keys, identity, writerSeed, reader, KeyWrap.unwrap(wrap, reader));
            } catch (WrongReaderKeyException e) {
                throw new HomeException(wrapFile + " is not wrapped for this node's reader key: " + e.getMessage(), e);
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new HomeException("damaged key material in " + keys + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(record, (byte) 0);
        }
    }

    static byte[] encode(KeyRing ring) {
        byte[] identity = ring.identity().toPrivateKeyProtobuf();
        byte[] writer = ring.writer().seed();
        byte[] reader = ring.reader().encode();
        ByteBuffer b = ByteBuffer.allocate(1 + 6 + identity.length + writer.length + reader.length);
        b.put((byte) SECRETS_VERSION);
        for (byte[] part : new byte[][] {identity, writer, reader}) {
            b.putShort((short) part.length).put(part);
            Arrays.fill(part, (byte) 0);
        }
        return b.array();
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
