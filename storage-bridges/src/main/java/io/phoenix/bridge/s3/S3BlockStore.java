package io.phoenix.bridge.s3;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.CorruptBlockException;
import io.phoenix.protocol.store.StoreFullException;
import java.io.IOException;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A block store on any S3-compatible object store (AWS SDK v2). One object per block, named by its
 * CID. {@code put} always writes (re-putting identical bytes is harmless and heals a damaged
 * object; callers skip blocks they know are there). A {@code PUT} is atomic and durable when acknowledged, so a block is visible only whole and
 * {@link #flush()} has nothing left to do. Every read is verified against the CID, so a bucket
 * that is not fully trusted cannot hand back wrong bytes. The SDK's own retries handle throttling
 * and transient network errors; what remains is an {@link IOException} naming the block.
 */
public final class S3BlockStore implements BlockStore {
    private final S3Config config;
    private final S3Client s3;
    private volatile boolean closed;

    public S3BlockStore(S3Config config) {
        this(config, client(config));
    }

    /** For callers that configure the client themselves (proxies, credential chains). */
    public S3BlockStore(S3Config config, S3Client s3) {
        this.config = config;
        this.s3 = s3;
    }

    static S3Client client(S3Config c) {
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(c.region()))
                .forcePathStyle(c.pathStyle());
        if (c.endpoint() != null) b.endpointOverride(c.endpoint());
        if (c.accessKey() != null) {
            b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKey(), c.secretKey())));
        }
        return b.build();
    }

    /** The object key of a block. */
    public String key(Cid cid) {
        return config.prefix() + cid;
    }

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        open();
        if (!cid.verifies(data)) throw new IllegalArgumentException("data does not hash to " + cid + "; not stored");
        try {
            s3.putObject(r -> r.bucket(config.bucket()).key(key(cid)).contentLength((long) data.length)
                    .contentType("application/octet-stream"), RequestBody.fromBytes(data));
        } catch (SdkException e) {
            throw failure("store", cid, e);
        }
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        open();
        ResponseBytes<GetObjectResponse> bytes;
        try {
            bytes = s3.getObjectAsBytes(r -> r.bucket(config.bucket()).key(key(cid)));
        } catch (NoSuchKeyException e) {
            throw new BlockNotFoundException(cid);
        } catch (SdkException e) {
            if (e instanceof S3Exception s && s.statusCode() == 404) throw new BlockNotFoundException(cid);
            throw failure("read", cid, e);
        }
        byte[] data = bytes.asByteArray();
        if (!cid.verifies(data)) {
            throw new CorruptBlockException(cid, "object s3://" + config.bucket() + "/" + key(cid) + " (" + data.length
                    + " bytes) does not hash to the CID");
        }
        return data;
    }

    @Override
    public boolean has(Cid cid) throws IOException {
        return head(cid) != null;
    }

    @Override
    public long size(Cid cid) throws IOException {
        HeadObjectResponse h = head(cid);
        return h == null ? -1 : h.contentLength();
    }

    private HeadObjectResponse head(Cid cid) throws IOException {
        open();
        try {
            return s3.headObject(r -> r.bucket(config.bucket()).key(key(cid)));
        } catch (NoSuchKeyException e) {
            return null;
        } catch (SdkException e) {
            if (e instanceof S3Exception s && s.statusCode() == 404) return null;
            throw failure("look up", cid, e);
        }
    }

    @Override
    public void delete(Cid cid) throws IOException {
        open();
        try {
            s3.deleteObject(r -> r.bucket(config.bucket()).key(key(cid)));
        } catch (SdkException e) {
            throw failure("delete", cid, e);
        }
    }

    @Override
    public void forEach(Consumer<Cid> visitor) throws IOException {
        open();
        try {
            ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(config.bucket()).prefix(config.prefix()).build();
            for (S3Object o : s3.listObjectsV2Paginator(req).contents()) {
                Cid cid;
                try {
                    cid = Cid.parse(o.key().substring(config.prefix().length()));
                } catch (FormatException e) {
                    continue; // not a block of ours (a stray object under the prefix)
                }
                visitor.accept(cid);
            }
        } catch (SdkException e) {
            throw failure("list", null, e);
        }
    }

    @Override
    public void flush() throws IOException {
        open(); // every acknowledged PUT is already durable
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            s3.close();
        }
    }

    private void open() throws IOException {
        if (closed) throw new IOException("S3 block store s3://" + config.bucket() + "/" + config.prefix() + " is closed");
    }

    private IOException failure(String what, Cid cid, SdkException e) {
        String where = "s3://" + config.bucket() + "/" + (cid == null ? config.prefix() : key(cid));
        if (e instanceof S3Exception s) {
            String code = s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode();
            String msg = "cannot " + what + " " + where + ": HTTP " + s.statusCode() + " " + code;
            if ("QuotaExceeded".equals(code) || "EntityTooLarge".equals(code) || s.statusCode() == 507) {
                return new StoreFullException(msg, e);
            }
            return new IOException(msg + (s.statusCode() == 403 ? " (credentials refused; retrying cannot help)" : ""), e);
        }
        if (e instanceof SdkClientException) {
            return new IOException("cannot " + what + " " + where + ": S3 endpoint unreachable (" + e.getMessage() + ")", e);
        }
        return new IOException("cannot " + what + " " + where + ": " + e.getMessage(), e);
    }
}
