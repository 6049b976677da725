package com.meter.siem.handler;

import static com.meter.siem.handler.Harness.STREAM_ARN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.aws.AwsClients;
import com.meter.siem.aws.FirehoseDeliveryStreams;
import com.meter.siem.provisioning.ArchiveProvisioner;
import com.meter.siem.testing.ArchiveEvents;
import com.meter.siem.testing.FaultProxy;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.MotoServer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.Tag;

/**
 * {@code Custom::MeterSiemArchiveDelivery}: the archive's Firehose delivery stream, created by the real
 * handler through a {@link FaultProxy} in front of moto, so that Firehose's refusal of a role IAM has not
 * propagated yet can be played; moto itself has no propagation delay.
 */
@ExtendWith(MotoExtension.class)
class ArchiveIT {
    private static final String ROLE_ARN = ArchiveEvents.DELIVERY_ROLE_ARN;
    private static final String NOT_ASSUMABLE = "Firehose is unable to assume role " + ROLE_ARN
            + ". Please check the role provided.";
    private static final String CANNOT_DESCRIBE_SOURCE = "Role " + ROLE_ARN + " is not authorized to perform:"
            + " kinesis:DescribeStream on resource " + STREAM_ARN + ".";
    private static final String STACK_ID =
            "arn:aws:cloudformation:us-east-1:123456789012:stack/meter-siem-integration/5b4d7e40-c8a1-11ef-9f1a-0a1b2c3d4e5f";
    /** Harness's archive provisioner: one attempt and three retries on the role. */
    private static final int ATTEMPTS = 4;
    /** The production SDK retry policy: one attempt and five retries. */
    private static final int SDK_ATTEMPTS = 6;

    private final Harness aws = new Harness();
    private final FaultProxy proxy = new FaultProxy(MotoServer.endpoint());
    private final FirehoseClient firehose = aws.clients.firehose();

    @BeforeEach
    void sendFirehoseCallsThroughTheProxy() {
        AwsClients proxied = aws.clients.withEndpoint(proxy.endpoint());
        aws.archives = new ArchiveProvisioner(new FirehoseDeliveryStreams(proxied.firehose()),
                Collections.nCopies(ATTEMPTS - 1, Duration.ofMillis(20)), Duration.ofMillis(20), Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        proxy.close();
        aws.close();
    }

    @Test
    void create_whenPropertiesValid_createsTheDeliveryStreamAsConfiguredAndOwned() {
        JsonNode response = aws.invoke(ArchiveEvents.of("Create"));

        assertEquals("SUCCESS", response.get("Status").asText(), response.toString());
        String name = response.get("PhysicalResourceId").asText();
        assertTrue(name.matches("meter-siem-archive-meter-siem-integration-[0-9a-f]{10}"), name);
        assertEquals(name, response.at("/Data/DeliveryStreamName").asText());
        DeliveryStreamDescription stream = describe(name);
        assertEquals(stream.deliveryStreamARN(), response.at("/Data/DeliveryStreamArn").asText());
        assertEquals("KinesisStreamAsSource", stream.deliveryStreamTypeAsString());
        assertEquals(STREAM_ARN, stream.source().kinesisStreamSourceDescription().kinesisStreamARN());
        assertEquals(ROLE_ARN, stream.source().kinesisStreamSourceDescription().roleARN());
        ExtendedS3DestinationDescription s3 = stream.destinations().getFirst().extendedS3DestinationDescription();
        assertEquals("arn:aws:s3:::meter-siem-archive-123456789012", s3.bucketARN());
        assertEquals(ROLE_ARN, s3.roleARN());
        assertEquals("siem-events/year=!{timestamp:yyyy}/", s3.prefix());
        assertEquals("siem-errors/!{firehose:error-output-type}/", s3.errorOutputPrefix());
        assertEquals("GZIP", s3.compressionFormatAsString());
        assertEquals(5, s3.bufferingHints().sizeInMBs());
        assertEquals(300, s3.bufferingHints().intervalInSeconds());
        assertTrue(s3.cloudWatchLoggingOptions().enabled());
        assertEquals("/aws/kinesisfirehose/meter-siem-archive", s3.cloudWatchLoggingOptions().logGroupName());
        assertEquals("S3Delivery", s3.cloudWatchLoggingOptions().logStreamName());
        assertEquals(Map.of("meter-siem:stack-id", STACK_ID,
                "meter-siem:logical-id", "ArchiveDeliveryStream"), tags(name));
    }

    /** Firehose's two answers while IAM propagates a new delivery role or its policy. */
    static Stream<String> propagationRefusals() {
        return Stream.of(NOT_ASSUMABLE, CANNOT_DESCRIBE_SOURCE);
    }

    @ParameterizedTest
    @MethodSource("propagationRefusals")
    void create_whenFirehoseCannotUseTheNewRoleAtFirst_retriesUntilIamHasPropagated(String refusal) {
        proxy.on("firehose:CreateDeliveryStream").next(ATTEMPTS - 1,
                FaultProxy.refusal("InvalidArgumentException", refusal));

        JsonNode response = aws.invoke(ArchiveEvents.of("Create"));

        assertEquals("SUCCESS", response.get("Status").asText(), response.toString());
        assertEquals(ATTEMPTS - 1, proxy.injectedCount());
        assertEquals(ATTEMPTS, proxy.calls().stream().filter("firehose:CreateDeliveryStream"::equals).count());
        assertEquals("ACTIVE", describe(response.get("PhysicalResourceId").asText()).deliveryStreamStatusAsString());
    }

    @ParameterizedTest
    @MethodSource("propagationRefusals")
    void create_whenTheRoleNeverBecomesUsable_failsNamingTheRoleAfterBoundedRetriesAndLeavesNothing(String refusal) {
        proxy.on("firehose:CreateDeliveryStream").always(FaultProxy.refusal("InvalidArgumentException", refusal));

        JsonNode response = aws.invoke(ArchiveEvents.of("Create"));

        assertEquals("FAILED", response.get("Status").asText());
        String reason = response.get("Reason").asText();
        assertTrue(reason.startsWith("Create failed at step 'create delivery stream meter-siem-archive-"), reason);
        assertTrue(reason.contains("Firehose still could not use the delivery role " + ROLE_ARN
                + " after 4 attempts"), reason);
        assertTrue(reason.contains("InvalidArgumentException: " + refusal), reason);
        assertEquals(ATTEMPTS, proxy.injectedCount(), "bounded: one attempt and three retries");
        assertEquals(List.of(), firehose.listDeliveryStreams(r -> r.limit(100)).deliveryStreamNames());
        assertEquals(response.get("PhysicalResourceId").asText(), aws.invoke(ArchiveEvents.of("Delete")
                .withPhysicalResourceId(response.get("PhysicalResourceId").asText())).get("PhysicalResourceId")
                .asText(), "the rollback's Delete of the failed Create succeeds");
    }

    @Test
    void create_whenFirehoseRejectsTheConfigurationForAnotherReason_failsAtOnceWithoutRetrying() {
        proxy.on("firehose:CreateDeliveryStream").always(FaultProxy.refusal("InvalidArgumentException",
                "Access was denied. Ensure that the trust policy for the provided role allows Firehose to access"
                        + " the stream."));

        JsonNode response = aws.invoke(ArchiveEvents.of("Create"));

        assertEquals("FAILED", response.get("Status").asText());
        assertTrue(response.get("Reason").asText().contains("Ensure that the trust policy"), response.toString());
        assertEquals(1, proxy.injectedCount(), "a permanent error is not retried");
    }

    @Test
    void create_whenTheAnswerToCreateIsLost_findsItsOwnStreamAndSucceeds() {
        proxy.on("firehose:CreateDeliveryStream").next(1, FaultProxy.lostResponse());

        JsonNode response = aws.invoke(ArchiveEvents.of("Create"));

        assertEquals("SUCCESS", response.get("Status").asText(), response.toString());
        assertEquals(1, firehose.listDeliveryStreams(r -> r.limit(100)).deliveryStreamNames().size());
    }

    @Test
    void create_whenRepeated_answersTheSameStream() {
        String first = aws.invoke(ArchiveEvents.of("Create")).get("PhysicalResourceId").asText();
        JsonNode again = aws.invoke(ArchiveEvents.of("Create"));

        assertEquals("SUCCESS", again.get("Status").asText());
        assertEquals(first, again.get("PhysicalResourceId").asText());
        assertEquals(List.of(first), firehose.listDeliveryStreams(r -> r.limit(100)).deliveryStreamNames());
    }

    @Test
    void create_whenPropertiesInvalid_failsNamingEachAndCreatesNothing() {
        JsonNode response = aws.invoke(ArchiveEvents.of("Create").withProperty("BufferSizeMiB", "0")
                .withProperty("ErrorOutputPrefix", "").withProperty("BucketArn", "meter-siem-archive")
                .withProperty("Compression", "GZIP"));

        assertEquals("FAILED", response.get("Status").asText());
        String reason = response.get("Reason").asText();
        for (String expected : List.of("BucketArn: must be an S3 bucket ARN, arn:aws:s3:::BUCKET; got 'meter-siem-archive'",
                "ErrorOutputPrefix: is required when Prefix uses !{...} expressions",
                "BufferSizeMiB: must be a whole number from 1 to 128; got '0'",
                "unknown property Compression")) {
            assertTrue(reason.contains(expected), reason);
        }
        assertEquals(0, proxy.calls().size(), "no AWS call");
    }

    @Test
    void update_whenTheConfigurationChanges_createsANewStreamAndTheOldOnesDeleteRemovesIt() {
        String old = aws.invoke(ArchiveEvents.of("Create")).get("PhysicalResourceId").asText();

        JsonNode updated = aws.invoke(ArchiveEvents.of("Update").withPhysicalResourceId(old)
                .withProperty("BufferIntervalSeconds", "60"));

        assertEquals("SUCCESS", updated.get("Status").asText(), updated.toString());
        String replacement = updated.get("PhysicalResourceId").asText();
        assertNotEquals(old, replacement);
        assertEquals(60, describe(replacement).destinations().getFirst().extendedS3DestinationDescription()
                .bufferingHints().intervalInSeconds());
        JsonNode deleted = aws.invoke(ArchiveEvents.of("Delete").withPhysicalResourceId(old));
        assertEquals("SUCCESS", deleted.get("Status").asText());
        assertEquals(List.of(replacement), firehose.listDeliveryStreams(r -> r.limit(100)).deliveryStreamNames());
    }

    @Test
    void update_whenNothingChanges_keepsTheStream() {
        String name = aws.invoke(ArchiveEvents.of("Create")).get("PhysicalResourceId").asText();

        JsonNode updated = aws.invoke(ArchiveEvents.of("Update").withPhysicalResourceId(name));

        assertEquals(name, updated.get("PhysicalResourceId").asText());
        assertEquals(List.of(name), firehose.listDeliveryStreams(r -> r.limit(100)).deliveryStreamNames());
    }

    /**
     * An Update that changes nothing finds its stream, then fails while waiting for it to be ACTIVE (Firehose
     * answers 500 to every attempt of the second describe): the stream is live, not this call's, and stays.
     */
    @Test
    void update_whenNothingChangesAndWaitingFails_keepsTheLiveStream() {
        String name = aws.invoke(ArchiveEvents.of("Create")).get("PhysicalResourceId").asText();
        proxy.on("firehose:DescribeDeliveryStream").afterFirst(1).next(SDK_ATTEMPTS, FaultProxy.serverError(500));

        JsonNode updated = aws.invoke(ArchiveEvents.of("Update").withPhysicalResourceId(name));

        assertEquals("FAILED", updated.get("Status").asText(), updated.toString());
        assertEquals(List.of(name), firehose.listDeliveryStreams(r -> r.limit(100)).deliveryStreamNames());
        assertEquals(("Update failed at step 'wait for delivery stream %s to become ACTIVE': InternalFailure: Injected"
                + " HTTP 500 by FaultProxy.").formatted(name), updated.get("Reason").asText());
    }

    @Test
    void delete_whenRepeated_succeedsEachTime() {
        String name = aws.invoke(ArchiveEvents.of("Create")).get("PhysicalResourceId").asText();

        assertEquals("SUCCESS", aws.invoke(ArchiveEvents.of("Delete").withPhysicalResourceId(name)).get("Status").asText());
        assertEquals("SUCCESS", aws.invoke(ArchiveEvents.of("Delete").withPhysicalResourceId(name)).get("Status").asText());
        assertEquals(List.of(), firehose.listDeliveryStreams(r -> r.limit(100)).deliveryStreamNames());
    }

    @Test
    void delete_whenThePropertiesNoLongerValidate_stillRemovesTheStreamItNames() {
        String name = aws.invoke(ArchiveEvents.of("Create")).get("PhysicalResourceId").asText();

        JsonNode response = aws.invoke(ArchiveEvents.of("Delete").withPhysicalResourceId(name)
                .withProperty("BucketArn", "not-an-arn").withoutProperty("LogGroupName"));

        assertEquals("SUCCESS", response.get("Status").asText(), response.toString());
        assertEquals(List.of(), firehose.listDeliveryStreams(r -> r.limit(100)).deliveryStreamNames());
    }

    @Test
    void delete_whenTheStreamWasNotCreatedByThisStack_keepsIt() {
        String handMade = "meter-siem-archive-made-by-hand-0123456789";
        firehose.createDeliveryStream(r -> r.deliveryStreamName(handMade)
                .extendedS3DestinationConfiguration(s3 -> s3.bucketARN("arn:aws:s3:::elsewhere").roleARN(ROLE_ARN))
                .tags(Tag.builder().key("meter-siem:stack-id").value("another stack").build()));

        JsonNode response = aws.invoke(ArchiveEvents.of("Delete").withPhysicalResourceId(handMade));

        assertEquals("SUCCESS", response.get("Status").asText());
        assertEquals(List.of(handMade), firehose.listDeliveryStreams(r -> r.limit(100)).deliveryStreamNames());
    }

    /** Ownership takes both of the stack's tags: a page of one tag splits them. */
    @Test
    void delete_whenFirehoseListsTheTagsOnePerPage_readsEveryPageAndRemovesItsStream() {
        String name = aws.invoke(ArchiveEvents.of("Create")).get("PhysicalResourceId").asText();
        proxy.pageTags(1);
        int callsBefore = proxy.calls().size();

        JsonNode response = aws.invoke(ArchiveEvents.of("Delete").withPhysicalResourceId(name));

        assertEquals("SUCCESS", response.get("Status").asText(), response.toString());
        assertEquals(List.of(), firehose.listDeliveryStreams(r -> r.limit(100)).deliveryStreamNames());
        assertEquals(List.of("firehose:DescribeDeliveryStream", "firehose:ListTagsForDeliveryStream",
                "firehose:ListTagsForDeliveryStream", "firehose:DeleteDeliveryStream"),
                proxy.calls().subList(callsBefore, proxy.calls().size()));
    }

    private DeliveryStreamDescription describe(String name) {
        return firehose.describeDeliveryStream(r -> r.deliveryStreamName(name)).deliveryStreamDescription();
    }

    private Map<String, String> tags(String name) {
        return firehose.listTagsForDeliveryStream(r -> r.deliveryStreamName(name)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
