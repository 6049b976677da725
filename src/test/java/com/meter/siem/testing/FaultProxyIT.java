package com.meter.siem.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The fault proxy itself, with SDK clients that never retry, so that each call meets exactly one fault
 * and the SDK's reading of it can be asserted.
 */
@ExtendWith(MotoExtension.class)
class FaultProxyIT {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
    private final FaultProxy proxy = new FaultProxy(MotoServer.endpoint(), clock);
    private final KinesisClient kinesis = KinesisClient.builder().endpointOverride(proxy.endpoint())
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    private final IamClient iam = IamClient.builder().endpointOverride(proxy.endpoint())
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    private final CloudWatchClient cloudWatch = CloudWatchClient.builder().endpointOverride(proxy.endpoint())
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    private final SecretsManagerClient secrets = SecretsManagerClient.builder().endpointOverride(proxy.endpoint())
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void call_whenNoRuleMatches_isForwardedToMotoAndRecorded() {
        kinesis.createStream(r -> r.streamName("s").shardCount(1));
        iam.createRole(r -> r.roleName("r").assumeRolePolicyDocument("{}"));

        assertEquals(List.of("s"), kinesis.listStreams().streamNames());
        assertEquals(List.of("kinesis:CreateStream", "iam:CreateRole", "kinesis:ListStreams"), proxy.calls());
        assertEquals(0, proxy.injectedCount());
    }

    @Test
    void createStream_whenForwarded_hasItsTagsAsInAws() {
        kinesis.createStream(r -> r.streamName("s").shardCount(1).tags(java.util.Map.of("owner", "stack-a")));

        assertEquals(List.of(software.amazon.awssdk.services.kinesis.model.Tag.builder().key("owner").value("stack-a")
                .build()), kinesis.listTagsForStream(r -> r.streamName("s")).tags());
    }

    @Test
    void listTagsForStream_whenPaged_answersThePageAfterTheStartKeyInKeyOrder() {
        kinesis.createStream(r -> r.streamName("s").shardCount(1).tags(java.util.Map.of("c", "3", "a", "1", "b", "2")));
        proxy.pageTags(2);

        var first = kinesis.listTagsForStream(r -> r.streamName("s"));
        var second = kinesis.listTagsForStream(r -> r.streamName("s").exclusiveStartTagKey("b"));

        assertEquals(List.of("a", "b"), first.tags().stream().map(t -> t.key()).toList());
        assertTrue(first.hasMoreTags());
        assertEquals(List.of("c"), second.tags().stream().map(t -> t.key()).toList());
        assertFalse(second.hasMoreTags());
    }

    @Test
    void getMetricData_whenMoreThan500Queries_isRefusedAsInAws() {
        IntFunction<List<MetricDataQuery>> queries = count -> IntStream.range(0, count)
                .mapToObj(i -> MetricDataQuery.builder().id("q" + i).metricStat(stat -> stat.period(60).stat("Sum")
                        .metric(m -> m.namespace("AWS/Kinesis").metricName("IncomingRecords"))).build())
                .toList();
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);

        assertEquals(500, cloudWatch.getMetricData(r -> r.metricDataQueries(queries.apply(500))
                .startTime(end.minusSeconds(600)).endTime(end)).metricDataResults().size());
        AwsServiceException refused = assertThrows(AwsServiceException.class, () -> cloudWatch.getMetricData(
                r -> r.metricDataQueries(queries.apply(501)).startTime(end.minusSeconds(600)).endTime(end)));

        assertEquals("ValidationError", refused.awsErrorDetails().errorCode());
    }

    @Test
    void createSecret_whenTheNameIsScheduledForDeletion_isRefusedAsInAws() {
        secrets.createSecret(r -> r.name("s").secretString("v"));
        secrets.deleteSecret(r -> r.secretId("s").recoveryWindowInDays(7L));

        AwsServiceException refused = assertThrows(AwsServiceException.class,
                () -> secrets.createSecret(r -> r.name("s").secretString("v")));

        assertEquals("InvalidRequestException", refused.awsErrorDetails().errorCode());
        assertEquals(FaultProxy.SECRET_NAME_SCHEDULED_FOR_DELETION, refused.awsErrorDetails().errorMessage());
        secrets.restoreSecret(r -> r.secretId("s"));
        assertEquals("ResourceExistsException", assertThrows(AwsServiceException.class,
                () -> secrets.createSecret(r -> r.name("s").secretString("v"))).awsErrorDetails().errorCode(),
                "a live secret's name is refused as moto refuses it");
    }

    @Test
    void afterFirst_whenSet_letsThatManyMatchingCallsThroughThenFires() {
        proxy.on("kinesis:ListStreams").afterFirst(2).next(1, FaultProxy.refusal("AccessDeniedException", "no"));

        kinesis.listStreams();
        kinesis.listStreams();
        assertThrows(AwsServiceException.class, kinesis::listStreams);
        kinesis.listStreams();

        assertEquals(List.of(new FaultProxy.Injection("kinesis:ListStreams", FaultProxy.refusal("AccessDeniedException",
                "no"))), proxy.injected());
    }

    @Test
    void throttle_whenJsonProtocol_isTheServicesThrottlingError() {
        proxy.on("kinesis:ListStreams", "secretsmanager:ListSecrets").always(FaultProxy.throttle());

        AwsServiceException kinesisError = assertThrows(AwsServiceException.class, kinesis::listStreams);
        AwsServiceException secretsError = assertThrows(AwsServiceException.class, secrets::listSecrets);

        // Kinesis's control plane answers rate limits with LimitExceededException, not ThrottlingException.
        assertEquals("LimitExceededException", kinesisError.awsErrorDetails().errorCode());
        assertEquals("Rate exceeded", kinesisError.awsErrorDetails().errorMessage());
        assertEquals(400, kinesisError.statusCode());
        assertEquals("ThrottlingException", secretsError.awsErrorDetails().errorCode());
        assertTrue(secretsError.isThrottlingException());
    }

    @Test
    void throttle_whenQueryProtocol_isThrottlingInAnXmlErrorResponse() {
        proxy.on("iam:ListRoles", "monitoring:ListMetrics").always(FaultProxy.throttle());

        AwsServiceException iamError = assertThrows(AwsServiceException.class, iam::listRoles);
        AwsServiceException cloudWatchError = assertThrows(AwsServiceException.class, cloudWatch::listMetrics);

        for (AwsServiceException error : List.of(iamError, cloudWatchError)) {
            assertEquals("Throttling", error.awsErrorDetails().errorCode());
            assertEquals("Rate exceeded", error.awsErrorDetails().errorMessage());
            assertTrue(error.isThrottlingException());
        }
        assertEquals(List.of("iam:ListRoles", "monitoring:ListMetrics"), proxy.calls(),
                "CloudWatch's operation is read from the query form, as IAM's");
    }

    @Test
    void serverError_whenRuleSaysNextOne_failsOnceThenForwards() {
        proxy.on("CreateStream").next(1, FaultProxy.serverError(503));

        AwsServiceException error = assertThrows(AwsServiceException.class,
                () -> kinesis.createStream(r -> r.streamName("s").shardCount(1)));
        kinesis.createStream(r -> r.streamName("s").shardCount(1));

        assertEquals(503, error.statusCode());
        assertEquals("ServiceUnavailable", error.awsErrorDetails().errorCode());
        assertEquals(List.of("s"), kinesis.listStreams().streamNames());
        assertEquals(List.of(new FaultProxy.Injection("kinesis:CreateStream", new FaultProxy.ServerError(503))),
                proxy.injected());
    }

    @Test
    void reset_whenInjected_failsTheCallWithoutMotoSeeingIt() {
        proxy.on("CreateStream").next(1, FaultProxy.reset());

        SdkClientException error = assertThrows(SdkClientException.class,
                () -> kinesis.createStream(r -> r.streamName("s").shardCount(1)));

        assertInstanceOf(java.io.IOException.class, rootCause(error), error.toString());
        assertEquals(List.of(), kinesis.listStreams().streamNames());
    }

    @Test
    void lostResponse_whenInjected_failsTheCallThatMotoPerformed() {
        proxy.on("CreateStream").next(1, FaultProxy.lostResponse());

        assertThrows(SdkClientException.class, () -> kinesis.createStream(r -> r.streamName("s").shardCount(1)));

        assertEquals(List.of("s"), kinesis.listStreams().streamNames());
    }

    @Test
    void delay_whenInjected_holdsTheCallThenForwardsIt() {
        proxy.on("ListStreams").next(1, FaultProxy.delay(Duration.ofMillis(700)));
        long started = System.nanoTime();

        kinesis.listStreams();

        assertTrue(System.nanoTime() - started >= Duration.ofMillis(700).toNanos());
    }

    @Test
    void atRate_whenSameSeed_injectsTheSameCalls() {
        List<List<FaultProxy.Injection>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            proxy.clear();
            int before = proxy.injectedCount();
            proxy.on("*").atRate(0.5, 42, FaultProxy.serverError(500));
            for (int call = 0; call < 20; call++) {
                try {
                    kinesis.listStreams();
                } catch (AwsServiceException expected) {
                    // counted by the proxy
                }
            }
            runs.add(proxy.injected().subList(before, proxy.injectedCount()));
        }

        assertEquals(runs.get(0), runs.get(1));
        assertTrue(runs.get(0).size() > 3 && runs.get(0).size() < 17, "about half: " + runs.get(0).size());
    }

    @ParameterizedTest(name = "{0} -> {1} shards")
    @CsvSource({"1, 3", "2, 5", "4, 1", "5, 2"})
    void updateShardCount_whenBeyondDoubleOrHalf_isRefusedAsKinesisRefusesIt(int open, int target) {
        kinesis.createStream(r -> r.streamName("s").shardCount(open));

        AwsServiceException refused = assertThrows(AwsServiceException.class, () -> scale("s", target));

        assertEquals("InvalidArgumentException", refused.awsErrorDetails().errorCode());
        assertEquals(open, kinesis.describeStreamSummary(r -> r.streamName("s")).streamDescriptionSummary()
                .openShardCount(), "moto never saw the call");
    }

    @Test
    void updateShardCount_whenTenCallsInADay_refusesMoreUntilTheFirstLeavesTheWindow() {
        kinesis.createStream(r -> r.streamName("s").shardCount(1));
        kinesis.createStream(r -> r.streamName("other").shardCount(1));
        for (int call = 0; call < 10; call++) {
            scale("s", call % 2 == 0 ? 2 : 1);
            clock.advance(Duration.ofHours(1));
        }

        AwsServiceException refused = assertThrows(AwsServiceException.class, () -> scale("s", 2));
        scale("other", 2);
        clock.advance(Duration.ofHours(14).plusSeconds(1));
        scale("s", 2);

        assertEquals("LimitExceededException", refused.awsErrorDetails().errorCode());
        assertFalse(refused.awsErrorDetails().errorMessage().startsWith("Rate exceeded"),
                "not the throttling the SDK retries");
        assertEquals(2, kinesis.describeStreamSummary(r -> r.streamName("s")).streamDescriptionSummary()
                .openShardCount());
    }

    @Test
    void updateShardCount_whenBeyondTheAccountsShardQuota_isRefusedAndDescribeLimitsSaysWhy() {
        proxy.kinesisShardQuota(5);
        kinesis.createStream(r -> r.streamName("s").shardCount(2));
        kinesis.createStream(r -> r.streamName("other").shardCount(2));

        AwsServiceException refused = assertThrows(AwsServiceException.class, () -> scale("s", 4));
        scale("s", 3);

        assertEquals("LimitExceededException", refused.awsErrorDetails().errorCode());
        var limits = kinesis.describeLimits();
        assertEquals(5, limits.shardLimit());
        assertEquals(5, limits.openShardCount());
    }

    @Test
    void deleteStream_whenAConsumerIsRegistered_isRefusedUnlessConsumersAreDeletedToo() {
        kinesis.createStream(r -> r.streamName("s").shardCount(1));
        String arn = kinesis.describeStreamSummary(r -> r.streamName("s")).streamDescriptionSummary().streamARN();
        kinesis.registerStreamConsumer(r -> r.streamARN(arn).consumerName("kcl"));

        AwsServiceException refused = assertThrows(AwsServiceException.class,
                () -> kinesis.deleteStream(r -> r.streamName("s")));
        assertEquals(List.of("s"), kinesis.listStreams().streamNames());
        kinesis.deleteStream(r -> r.streamName("s").enforceConsumerDeletion(true));

        assertEquals("ResourceInUseException", refused.awsErrorDetails().errorCode());
        assertEquals(List.of(), kinesis.listStreams().streamNames());
    }

    private void scale(String stream, int target) {
        kinesis.updateShardCount(r -> r.streamName(stream).targetShardCount(target)
                .scalingType(ScalingType.UNIFORM_SCALING));
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
