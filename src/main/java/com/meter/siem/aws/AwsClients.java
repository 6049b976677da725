package com.meter.siem.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Builds every SDK client the same way, once per execution environment: region and credentials from
 * the Lambda environment (no profile files, no metadata lookups), one shared url-connection HTTP
 * client, bounded call times, and retries that also cover Kinesis's control-plane rate limit.
 * The SDK itself honours AWS_ENDPOINT_URL, which is how the tests and the local try-out reach moto.
 */
public final class AwsClients {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(25);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);
    private static final int MAX_ATTEMPTS = 6;

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient httpClient;
    private final ClientOverrideConfiguration overrides;
    /** Null in the functions: the SDK resolves the region's endpoint (or AWS_ENDPOINT_URL). */
    private final URI endpoint;

    private AwsClients(Region region, AwsCredentialsProvider credentials, SdkHttpClient httpClient, URI endpoint) {
        this.region = region;
        this.credentials = credentials;
        this.httpClient = httpClient;
        this.endpoint = endpoint;
        this.overrides = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .apiCallTimeout(CALL_TIMEOUT)
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .retryOnException(AwsClients::isKinesisRateLimit)
                        .maxAttempts(MAX_ATTEMPTS)
                        .build())
                .build();
    }

    /** Region from AWS_REGION (or aws.region), credentials from the environment (or system properties). */
    public static AwsClients fromEnvironment() {
        Region region;
        try {
            region = new SystemSettingsRegionProvider().getRegion();
        } catch (RuntimeException e) {
            throw new IllegalStateException("AWS_REGION is not set: the function cannot tell which region to work in", e);
        }
        AwsCredentialsProvider credentials = AwsCredentialsProviderChain.builder()
                .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                        SystemPropertyCredentialsProvider.create())
                .reuseLastProviderEnabled(true)
                .build();
        return new AwsClients(region, credentials, httpClient(), null);
    }

    /**
     * The same clients (timeouts, retries, credentials) sent to {@code endpoint} instead: lets the tests put
     * a fault-injecting proxy between the SDK and AWS without changing how the clients behave.
     */
    public AwsClients withEndpoint(URI endpoint) {
        return new AwsClients(region, credentials, httpClient, endpoint);
    }

    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
    }

    public Region region() {
        return region;
    }

    public KinesisClient kinesis() {
        return configure(KinesisClient.builder());
    }

    /** IAM is global; the SDK resolves its endpoint from the region's partition. */
    public IamClient iam() {
        return configure(IamClient.builder());
    }

    public CloudWatchClient cloudWatch() {
        return configure(CloudWatchClient.builder());
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder());
    }

    public SnsClient sns() {
        return configure(SnsClient.builder());
    }

    public SecretsManagerClient secretsManager() {
        return configure(SecretsManagerClient.builder());
    }

    public FirehoseClient firehose() {
        return configure(FirehoseClient.builder());
    }

    private <C, B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>> C configure(B builder) {
        builder.region(region).credentialsProvider(credentials).httpClient(httpClient).overrideConfiguration(overrides);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** Kinesis answers LimitExceededException "Rate exceeded" for control-plane throttling; other limits are final. */
    static boolean isKinesisRateLimit(Throwable failure) {
        return failure instanceof AwsServiceException aws
                && "LimitExceededException".equals(aws.awsErrorDetails().errorCode())
                && aws.awsErrorDetails().errorMessage() != null
                && aws.awsErrorDetails().errorMessage().startsWith("Rate exceeded");
    }
}
