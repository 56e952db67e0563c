// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.runtime.internal;

import dev.dagfuse.aws.runtime.ObjectStore;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.net.URI;

/**
 * The object store of a deployed group: one bucket, through the AWS SDK (credentials and region from Lambda's
 * environment). The client is made on first use: an invocation whose values all fit inline never pays for it.
 */
public final class S3Store implements ObjectStore {

    private final String bucket;
    private final String endpoint;
    private volatile S3Client s3;

    public S3Store(String bucket, String endpoint) {
        this.bucket = bucket;
        this.endpoint = endpoint;
    }

    private S3Client s3() {
        S3Client c = s3;
        if (c == null) {
            synchronized (this) {
                if (s3 == null) {
                    S3ClientBuilder builder = S3Client.builder();
                    if (endpoint != null && !endpoint.isBlank()) {
                        // S3-compatible endpoints often lack the newer flexible checksums: only where S3 requires them
                        builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
                    }
                    s3 = builder.build();
                }
                c = s3;
            }
        }
        return c;
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return s3().getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray();
        } catch (S3Exception e) {
            throw new IOException("s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        try {
            s3().putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromBytes(bytes));
        } catch (S3Exception e) {
            throw new IOException("s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }
}
