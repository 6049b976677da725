package com.meter.siem.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private final FakeDeliveryStreams streams = new FakeDeliveryStreams();
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
        streams.existing(NAME, "ACTIVE", OWNER.ownerTags());
        streams.failDescribe(2);

        assertThrows(RuntimeException.class, () -> archives.create(SPEC, NAME, OWNER, new Progress()));

        assertTrue(streams.exists(NAME), "an Update with unchanged settings must not delete the live archive");
    }

    @Test
    void create_whenAbandonedWhileWaitingForAStreamThatExistedBefore_keepsIt() {
        streams.existing(NAME, "ACTIVE", OWNER.ownerTags());
        Progress progress = new Progress();
        streams.onDescribe(progress::abandon);

        assertThrows(Progress.AbandonedException.class, () -> archives.create(SPEC, NAME, OWNER, progress));

        assertTrue(streams.exists(NAME));
    }

    @Test
    void create_whenTheStreamItCreatedFails_removesIt() {
        streams.createAs("CREATING_FAILED");

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> archives.create(SPEC, NAME, OWNER, new Progress()));

        assertTrue(failure.getMessage().startsWith("Firehose could not create it (CREATING_FAILED)"),
                failure.getMessage());
        assertTrue(!streams.exists(NAME), "what this call created goes with its failure");
    }

    /** An in-memory Firehose: streams by name, with a status and tags. */
    private static final class FakeDeliveryStreams implements DeliveryStreamGateway {
        private final Map<String, DeliveryStream> streams = new HashMap<>();
        private String createdStatus = "ACTIVE";
        private int describes;
        private int failingDescribe;
        private Runnable onDescribe = () -> { };

        void existing(String name, String status, Map<String, String> tags) {
            streams.put(name, new DeliveryStream("arn:aws:firehose:us-east-1:123456789012:deliverystream/" + name,
                    status, tags, null));
        }

        void createAs(String status) {
            createdStatus = status;
        }

        /** The describe with this number (from 1) fails; the others answer. */
        void failDescribe(int number) {
            failingDescribe = number;
        }

        void onDescribe(Runnable action) {
            onDescribe = action;
        }

        boolean exists(String name) {
            return streams.containsKey(name);
        }

        @Override
        public Optional<DeliveryStream> describe(String name) {
            if (++describes == failingDescribe) {
                throw new IllegalStateException("Firehose is unavailable");
            }
            onDescribe.run();
            return Optional.ofNullable(streams.get(name));
        }

        @Override
        public void create(String name, ArchiveSpec spec, Map<String, String> tags) {
            existing(name, createdStatus, tags);
        }

        @Override
        public void delete(String name) {
            streams.remove(name);
        }
    }
}
