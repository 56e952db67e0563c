// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.internal;

import dev.dagfuse.aws.runtime.ObjectStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;

/** The deployed bucket as the runtime's object store, for invoke (large request inputs, outputs). */
public final class SdkStore implements ObjectStore {

    private final S3Client s3;
    private final String bucket;

    public SdkStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray();
        } catch (S3Exception e) {
            throw new IOException("s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromBytes(bytes));
        } catch (S3Exception e) {
            throw new IOException("s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }
}
