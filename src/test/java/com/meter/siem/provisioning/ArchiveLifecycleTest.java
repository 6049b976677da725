package com.meter.siem.provisioning;

import static com.meter.siem.provisioning.DeliveryStreamLifecycle.ACTIVE;
import static com.meter.siem.provisioning.DeliveryStreamLifecycle.CREATING;
import static com.meter.siem.provisioning.DeliveryStreamLifecycle.CREATING_FAILED;
import static com.meter.siem.provisioning.DeliveryStreamLifecycle.DELETING_FAILED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.integration.Placement;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each branch of the archive's delivery stream over an in-memory Firehose, in milliseconds. */
class ArchiveLifecycleTest {
    private static final String STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/meter-siem/1";
    private static final Ownership OWNER = new Ownership(STACK_ID, "ArchiveDeliveryStream");
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/meter-siem-ArchiveDeliveryRole-X1";
    private static final ArchiveSpec SPEC = new ArchiveSpec("arn:aws:kinesis:us-east-1:123456789012:stream/siem",
            ROLE_ARN, "arn:aws:s3:::archive", "siem/", "errors/", ArchiveSpec.Compression.GZIP, 5, 300,
            "/aws/kinesisfirehose/archive", "S3Delivery");
    private static final String NAME = ArchiveProvisioner.deliveryStreamName(OWNER, SPEC);
    private static final String ARN = "arn:aws:firehose:us-east-1:123456789012:deliverystream/" + NAME;
    private static final String STEP = "create delivery stream " + NAME;

    private final InMemoryDeliveryStreams streams = new InMemoryDeliveryStreams();
    /** Three pauses: four attempts. */
    private final ArchiveProvisioner archives = new ArchiveProvisioner(streams, Collections.nCopies(3, Duration.ZERO),
            Duration.ZERO, Duration.ofMinutes(1));
    private final Progress progress = new Progress();

    @Test
    void create_whenNew_waitsUntilActiveAndAnswersItsNameAndArn() {
        streams.createAs(CREATING, CREATING, ACTIVE);

        Outcome outcome = archives.create(SPEC, NAME, OWNER, progress);

        assertEquals(new Outcome(NAME, Map.of("DeliveryStreamName", NAME, "DeliveryStreamArn", ARN)), outcome);
        assertEquals(List.of("DeliveryStreamName", "DeliveryStreamArn"), List.copyOf(outcome.attributes().keySet()));
        assertEquals(OWNER.ownerTags(), streams.describe(NAME).orElseThrow().tags());
        assertEquals("wait for delivery stream " + NAME + " to become ACTIVE", progress.step());
    }

    @Test
    void create_whenFirehoseRefusesTheRoleThreeTimes_createsOnTheFourth() {
        streams.refuseRole(3);

        assertEquals(NAME, archives.create(SPEC, NAME, OWNER, progress).physicalResourceId());

        assertTrue(streams.exists(NAME));
    }

    @Test
    void create_whenFirehoseRefusesTheRoleForGood_failsNamingTheRole() {
        streams.refuseRole(4);

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> archives.create(SPEC, NAME, OWNER, progress));

        assertEquals("Firehose still could not use the delivery role " + ROLE_ARN + " after 4 attempts over 0 s. If the"
                + " role is new, IAM has not propagated it yet: deploy again. Otherwise its trust policy must allow"
                + " firehose.amazonaws.com, and its policy kinesis:DescribeStream, GetShardIterator, GetRecords and"
                + " ListShards on the source stream.", failure.getMessage());
        assertEquals(STEP, failure.step());
        assertEquals("InvalidArgumentException: Firehose is unable to assume role " + ROLE_ARN,
                failure.getCause().getMessage());
        assertFalse(streams.exists(NAME));
    }

    @Test
    void create_whenAnotherRefusal_failsAtOnceAtTheStep() {
        IllegalStateException limit = new IllegalStateException("LimitExceededException");
        streams.failCreate(limit);

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> archives.create(SPEC, NAME, OWNER, progress));

        assertEquals(STEP, failure.step());
        assertEquals("", failure.getMessage());
        assertEquals(limit, failure.getCause());
    }

    @Test
    void create_whenTheAnswerWasLost_findsTheStreamItCreated() {
        streams.loseCreateAnswer();

        assertEquals(NAME, archives.create(SPEC, NAME, OWNER, progress).physicalResourceId());
    }

    @Test
    void create_whenTheNameIsTakenByAStreamThatCannotBeFound_failsSayingSo() {
        streams.loseCreateAnswer();
        streams.onCreate(() -> streams.onDescribe(() -> streams.remove(NAME)));

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> archives.create(SPEC, NAME, OWNER, progress));

        assertEquals("Firehose reports the name taken, yet the delivery stream cannot be found", failure.getMessage());
        assertEquals(STEP, failure.step());
    }

    @Test
    void create_whenTheNameIsTakenByAStreamNotOurs_leavesIt() {
        streams.onCreate(() -> streams.existing(NAME, ACTIVE, Map.of()));

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> archives.create(SPEC, NAME, OWNER, progress));

        assertEquals("a delivery stream named " + NAME + " exists and this stack did not create it; it is left as it"
                + " is", failure.getMessage());
        assertTrue(streams.exists(NAME));
    }

    @Test
    void create_whenAStreamNotOursHasTheName_refusesWithoutCreating() {
        streams.existing(NAME, ACTIVE, Map.of("owner", "someone"));

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> archives.create(SPEC, NAME, OWNER, progress));

        assertEquals(STEP, failure.step());
        assertTrue(streams.exists(NAME));
    }

    @Test
    void create_whenOurStreamExists_answersItWithoutCreating() {
        streams.existing(NAME, ACTIVE, OWNER.ownerTags());
        streams.onCreate(() -> {
            throw new AssertionError("created again");
        });

        assertEquals(ARN, archives.create(SPEC, NAME, OWNER, progress).attributes().get("DeliveryStreamArn"));
    }

    @Test
    void create_whenTheCreatedStreamFails_removesItAndSaysSo() {
        streams.createAs(CREATING, CREATING_FAILED);

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> archives.create(SPEC, NAME, OWNER, progress));

        assertEquals("Firehose could not create it (CREATING_FAILED): The KMS key is disabled. Removed what this attempt"
                + " created: delivery stream " + NAME + ".", failure.getMessage());
        assertEquals("wait for delivery stream " + NAME + " to become ACTIVE", failure.step());
        assertFalse(streams.exists(NAME));
    }

    @Test
    void create_whenTheStreamDisappearsWhileCreating_failsSayingSo() {
        streams.onCreate(() -> streams.onDescribe(() -> streams.remove(NAME)));

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> archives.create(SPEC, NAME, OWNER, progress));

        assertEquals("the delivery stream disappeared while it was being created", failure.getMessage());
    }

    @Test
    void create_whenStillCreatingAfterTheWait_failsAndRemovesIt() {
        streams.createAs(CREATING);
        ArchiveProvisioner impatient = new ArchiveProvisioner(streams, List.of(), Duration.ZERO, Duration.ofMillis(5));

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> impatient.create(SPEC, NAME, OWNER, progress));

        assertEquals("still CREATING after 0 minutes Removed what this attempt created: delivery stream " + NAME + ".",
                failure.getMessage());
    }

    @Test
    void create_whenAbandonedWhileCreating_leavesTheStreamToCloudFormationsDelete() {
        streams.onCreate(() -> {
            progress.abandon();
            streams.existing(NAME, CREATING, OWNER.ownerTags());
        });
        streams.failCreate(new IllegalStateException("connection reset"));

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> archives.create(SPEC, NAME, OWNER, progress));

        assertEquals("", failure.getMessage(), "no rollback note: the Delete that follows cleans up");
        assertTrue(streams.exists(NAME));
    }

    @Test
    void create_whenTheFirstDescribeFails_failsAtDescribing() {
        streams.failDescribe(1);

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> archives.create(SPEC, NAME, OWNER, progress));

        assertEquals("describe delivery stream " + NAME, failure.step());
        assertEquals("Firehose is unavailable", failure.getCause().getMessage());
    }

    @Test
    void delete_whenOurs_deletesIt() {
        streams.existing(NAME, ACTIVE, OWNER.ownerTags());

        assertEquals("deleted delivery stream " + NAME, archives.delete(NAME, OWNER, progress));

        assertFalse(streams.exists(NAME));
        assertEquals("delete delivery stream " + NAME, progress.step());
    }

    @Test
    void delete_whenNotOursOrGone_keepsItAndSaysWhy() {
        assertEquals("delivery stream " + NAME + " is already gone", archives.delete(NAME, OWNER, progress));
        streams.existing(NAME, ACTIVE, Map.of());

        assertEquals("kept delivery stream " + NAME + ": this stack did not create it",
                archives.delete(NAME, OWNER, progress));
        assertTrue(streams.exists(NAME));
    }

    @Test
    void isDeliveryStreamName_whenAPhysicalId_acceptsOnlyNamesThisResourceGives() {
        assertTrue(ArchiveProvisioner.isDeliveryStreamName(NAME));
        assertFalse(ArchiveProvisioner.isDeliveryStreamName(null));
        assertFalse(ArchiveProvisioner.isDeliveryStreamName("meter-siem-archive-"));
        assertFalse(ArchiveProvisioner.isDeliveryStreamName("meter-siem-archive-" + "a".repeat(46)));
        assertFalse(ArchiveProvisioner.isDeliveryStreamName("create-failed-1234"));
    }

    @Test
    void deliveryStreamLifecycle_whenRead_tellsActiveAndFailed() {
        List<DeliveryStreamLifecycle> all = List.of(DeliveryStreamLifecycle.values());

        assertEquals(List.of(ACTIVE), all.stream().filter(DeliveryStreamLifecycle::isActive).toList());
        assertEquals(List.of(CREATING_FAILED, DELETING_FAILED), all.stream().filter(DeliveryStreamLifecycle::hasFailed)
                .toList());
    }
}
