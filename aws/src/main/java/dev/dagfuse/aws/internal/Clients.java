// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.internal;

import dev.dagfuse.aws.DeployOptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;

/** The four SDK clients deploy and invoke use, with one endpoint override for all (a fake, LocalStack) when given. */
public final class Clients implements AutoCloseable {

    public final LambdaClient lambda;
    public final SfnClient sfn;
    public final S3Client s3;
    public final IamClient iam;

    public Clients(DeployOptions options, String region) {
        AwsCredentialsProvider credentials = credentials(options.credentials());
        Region r = Region.of(region);
        LambdaClientBuilder lb = LambdaClient.builder().region(r).credentialsProvider(credentials);
        SfnClientBuilder sb = SfnClient.builder().region(r).credentialsProvider(credentials);
        S3ClientBuilder s3b = S3Client.builder().region(r).credentialsProvider(credentials);
        IamClientBuilder ib = IamClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(credentials);
        if (options.endpoint() != null) {
            lb.endpointOverride(options.endpoint());
            sb.endpointOverride(options.endpoint());
            ib.endpointOverride(options.endpoint());
            // S3-compatible endpoints often lack the newer flexible checksums; send them only where S3 requires them
            s3b.endpointOverride(options.endpoint()).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        lambda = lb.build();
        sfn = sb.build();
        s3 = s3b.build();
        iam = ib.build();
    }

    private static AwsCredentialsProvider credentials(DeployOptions.Credentials c) {
        if (c == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(c.sessionToken() == null
                ? AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())
                : AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
    }

    @Override
    public void close() {
        lambda.close();
        sfn.close();
        s3.close();
        iam.close();
    }
}
