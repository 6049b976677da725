package com.meter.siem.provisioning;

import static com.meter.siem.provisioning.DeliveryStreamLifecycle.ACTIVE;
import static com.meter.siem.provisioning.DeliveryStreamLifecycle.CREATING_FAILED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveProvisionerTest {
    private static final String STACK_ID =
            "arn:aws:cloudformation:us-east-1:123456789012:stack/meter-siem-integration/5b4d7e40-c8a1-11ef-9f1a-0a1b2c3d4e5f";
    private static final Ownership OWNER = new Ownership(STACK_ID, "ArchiveDeliveryStream");
    private static final ArchiveSpec SPEC = new ArchiveSpec("arn:aws:kinesis:us-east-1:123456789012:stream/meter-siem-events",
            "arn:aws:iam::123456789012:role/meter-siem-integration-ArchiveDeliveryRole-X1",
            "arn:aws:s3:::meter-siem-archive-123456789012", "siem-events/year=!{timestamp:yyyy}/",
            "siem-errors/!{firehose:error-output-type}/", ArchiveSpec.Compression.GZIP, 5, 300,
            "/aws/kinesisfirehose/meter-siem-archive", "S3Delivery");
    private static final String NAME = ArchiveProvisioner.deliveryStreamName(OWNER, SPEC);

    private final InMemoryDeliveryStreams streams = new InMemoryDeliveryStreams();
    private final ArchiveProvisioner archives = new ArchiveProvisioner(streams, List.of(), Duration.ZERO,
            Duration.ofSeconds(1));

    /** Names of deployed archives: a different one on upgrade would replace (delete) the customer's stream. */
    @Test
    void deliveryStreamName_whenTodaysSettings_isTheNameEarlierReleasesGave() {
        assertEquals("meter-siem-archive-meter-siem-integration-fa3d181752", NAME);
        assertEquals("meter-siem-archive-meter-siem-integration-635e008081", ArchiveProvisioner.deliveryStreamName(
                OWNER, new ArchiveSpec(SPEC.sourceStreamArn(), SPEC.deliveryRoleArn(), SPEC.bucketArn(), "",
                        "", ArchiveSpec.Compression.Snappy, 128, 0, SPEC.logGroupName(), SPEC.logStreamName())));
    }

    @Test
    void create_whenWaitingFailsForAStreamThatExistedBefore_keepsIt() {
        streams.existing(NAME, ACTIVE, OWNER.ownerTags());
        streams.failDescribe(2);

        assertThrows(RuntimeException.class, () -> archives.create(SPEC, NAME, OWNER, new Progress()));

        assertTrue(streams.exists(NAME), "an Update with unchanged settings must not delete the live archive");
    }

    @Test
    void create_whenAbandonedWhileWaitingForAStreamThatExistedBefore_keepsIt() {
        streams.existing(NAME, ACTIVE, OWNER.ownerTags());
        Progress progress = new Progress();
        streams.onDescribe(progress::abandon);

        assertThrows(Progress.AbandonedException.class, () -> archives.create(SPEC, NAME, OWNER, progress));

        assertTrue(streams.exists(NAME));
    }

    @Test
    void create_whenTheStreamItCreatedFails_removesIt() {
        streams.createAs(CREATING_FAILED);

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> archives.create(SPEC, NAME, OWNER, new Progress()));

        assertTrue(failure.getMessage().startsWith("Firehose could not create it (CREATING_FAILED)"),
                failure.getMessage());
        assertTrue(!streams.exists(NAME), "what this call created goes with its failure");
    }
}
