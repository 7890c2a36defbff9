package io.phoenix.bridge.s3;

import java.net.URI;

/**
 * Where an {@link S3BlockStore} keeps its blocks. {@code endpoint} is {@code null} for AWS itself
 * and the engine's URL otherwise (MinIO, Ceph RGW, B2, GCS interop, S3Proxy); {@code pathStyle}
 * is what most non-AWS engines want. Objects are named {@code prefix + <CID in base32>}.
 */
public record S3Config(URI endpoint, String region, String bucket, String prefix, String accessKey, String secretKey,
                       boolean pathStyle) {
    public S3Config {
        if (bucket == null || bucket.isBlank()) throw new IllegalArgumentException("an S3 bucket is required");
        if (prefix == null) prefix = "";
        if (region == null || region.isBlank()) region = "us-east-1";
    }
}
