package com.meter.siem.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.integration.Placement;
import com.meter.siem.integration.StreamEncryption;
import com.meter.siem.integration.StreamMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Create, Update and Delete of the whole integration over in-memory Kinesis, IAM and Secrets Manager. */
class ProvisionerTest {
    private static final String STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/stack/1";
    private static final Ownership OWNER = new Ownership(STACK_ID, "MeterSiemIntegration");
    private static final String BOUNDARY = "arn:aws:iam::123456789012:policy/meter-siem-boundary/MeterRoleBoundary";
    private static final String METER = "arn:aws:iam::458553032353:role/Meter-data-export";
    private static final String ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/siem";
    private static final String SECRET = "stack/meter-siem/external-id";
    private static final String POLICY_ARN = "arn:aws:iam::123456789012:policy/meter-siem/Policy";
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private final InMemoryStreams streams = new InMemoryStreams();
    private final InMemoryIam iam = new InMemoryIam(BOUNDARY);
    private final InMemorySecrets secrets = new InMemorySecrets();
    private final IntegrationProvisioner provisioner = new IntegrationProvisioner(streams, iam, secrets, Placement.fromStackId(STACK_ID),
            new Deployment(BOUNDARY, METER, "arn:aws:iam::123456789012:role/stack-ProvisionerRole-AbC"),
            Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));
    private final Progress progress = new Progress();

    @Test
    void create_whenNothingExists_createsEverythingAndAnswersTheStreamArnAndAttributes() {
        Outcome outcome = provisioner.create(spec("siem", Map.of("team", "sec"), StreamEncryption.NONE, 1), OWNER,
                progress);

        assertEquals(ARN, outcome.physicalResourceId());
        assertEquals(List.of("StreamArn", "StreamName", "RoleArn", "RoleName", "PolicyArn", "ExternalIdSecretArn"),
                List.copyOf(outcome.attributes().keySet()));
        assertEquals(List.of(ARN, "siem", "arn:aws:iam::123456789012:role/meter-siem/Role", "Role", POLICY_ARN,
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + SECRET + "-AbCdEf"),
                List.copyOf(outcome.attributes().values()));
        assertEquals("sec", streams.state("siem").tags().get("team"));
    }

    @Test
    void create_whenTheStreamUsesACustomerKey_grantsTheRoleItsUse() {
        provisioner.create(spec("siem", Map.of(), StreamEncryption.CUSTOMER_MANAGED_KEY, 1), OWNER, progress);

        assertTrue(iam.policy(POLICY_ARN).orElseThrow().document().contains("\"Resource\":\"" + KEY + "\""));
        assertEquals(KEY, streams.state("siem").kmsKeyId());
    }

    @Test
    void create_whenAStepFails_removesWhatItCreatedAndSaysSo() {
        iam.failOn("CreateRole");

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> provisioner.create(spec("siem", Map.of(), StreamEncryption.NONE, 1), OWNER, progress));

        assertEquals("create role Role", failure.step());
        assertEquals("Removed what this attempt created: policy Policy, secret " + SECRET + ", stream siem.",
                failure.getMessage());
        assertEquals("ServiceFailure: CreateRole failed", failure.getCause().getMessage());
        assertTrue(streams.describe("siem").isEmpty());
        assertFalse(iam.hasPolicy(POLICY_ARN));
    }

    @Test
    void create_whenAbandoned_stopsWithoutRollingBack() {
        progress.abandon();

        assertThrows(Progress.AbandonedException.class,
                () -> provisioner.create(spec("siem", Map.of(), StreamEncryption.NONE, 1), OWNER, progress));
    }

    @Test
    void update_whenTheStreamKeepsItsName_keepsThePhysicalIdAndRetiresDroppedTags() {
        provisioner.create(spec("siem", Map.of("team", "sec", "old", "x"), StreamEncryption.NONE, 1), OWNER, progress);

        Outcome outcome = provisioner.update(spec("siem", Map.of("team", "sec"), StreamEncryption.NONE, 1),
                previous("siem", 1), "physical-id", OWNER, progress);

        assertEquals("physical-id", outcome.physicalResourceId());
        assertFalse(streams.state("siem").tags().containsKey("old"));
        assertFalse(iam.role("Role").orElseThrow().tags().containsKey("old"));
        assertEquals("sec", iam.role("Role").orElseThrow().tags().get("team"));
    }

    @Test
    void update_whenTheStreamIsRenamed_answersTheNewStreamsArn() {
        provisioner.create(spec("siem", Map.of(), StreamEncryption.NONE, 1), OWNER, progress);

        Outcome outcome = provisioner.update(spec("siem2", Map.of(), StreamEncryption.NONE, 1), previous("siem", 1),
                ARN, OWNER, progress);

        assertEquals(ARN + "2", outcome.physicalResourceId());
        assertTrue(streams.describe("siem").isPresent(), "the old stream goes with CloudFormation's Delete");
    }

    @Test
    void update_whenARotationStepWouldCutMeterOff_refusesBeforeAnyCall() {
        InvalidPropertiesException refused = assertThrows(InvalidPropertiesException.class,
                () -> provisioner.update(spec("siem", Map.of(), StreamEncryption.NONE, 2), previous("siem", 1), ARN,
                        OWNER, progress));

        assertTrue(refused.getMessage().startsWith("Invalid properties: ExternalIdVersion: raising it to 2 starts a"
                + " rotation"), refused.getMessage());
        assertEquals("validate properties", progress.step());
    }

    @Test
    void delete_whenThePhysicalIdNamesTheStream_deletesAccessThenTheStream() {
        provisioner.create(spec("siem", Map.of(), StreamEncryption.NONE, 1), OWNER, progress);

        assertEquals("role Role deleted, policy Policy deleted, external ID secret scheduled for deletion (restorable"
                + " for a week); stream siem deleted", provisioner.delete(deleteSpec("other"), ARN, OWNER, progress));
        assertTrue(streams.describe("siem").isEmpty());
    }

    @Test
    void delete_whenThePhysicalIdIsNoStreamArn_usesThePropertiesName() {
        assertEquals("role Role not ours or gone; stream siem already gone",
                provisioner.delete(deleteSpec("siem"), "create-failed-1234", OWNER, progress));
    }

    @Test
    void delete_whenNoStreamIsNamed_deletesOnlyAccess() {
        assertEquals("role Role not ours or gone; no stream named",
                provisioner.delete(deleteSpec(null), "create-failed-1234", OWNER, progress));
    }

    @Test
    void delete_whenAStepFails_failsAtThatStep() {
        provisioner.create(spec("siem", Map.of(), StreamEncryption.NONE, 1), OWNER, progress);
        iam.failOn("DeleteRole");

        ProvisioningException failure = assertThrows(ProvisioningException.class,
                () -> provisioner.delete(deleteSpec("siem"), ARN, OWNER, progress));

        assertEquals("delete role Role", failure.step());
        assertEquals("ServiceFailure: DeleteRole failed", failure.getCause().getMessage());
    }

    @Test
    void delete_whenAbandoned_stopsAsIs() {
        progress.abandon();

        assertThrows(Progress.AbandonedException.class,
                () -> provisioner.delete(deleteSpec("siem"), ARN, OWNER, progress));
    }

    private static IntegrationSpec spec(String stream, Map<String, String> tags, StreamEncryption encryption,
                                        int externalIdVersion) {
        String key = encryption == StreamEncryption.CUSTOMER_MANAGED_KEY ? KEY : "";
        return new IntegrationSpec(new StreamSpec(stream, StreamMode.PROVISIONED, 1, 24, Set.of(), encryption, key,
                tags), new AccessSpec(METER, new ExternalIdSpec(SECRET, "", null, externalIdVersion,
                ExternalIdRotation.FINISHED), "Role", "Policy", tags), true, false);
    }

    private static PreviousProperties previous(String stream, int externalIdVersion) {
        return new PreviousProperties(stream, 1, "Role", "Policy", externalIdVersion, ExternalIdRotation.FINISHED,
                Set.of("team", "old"));
    }

    private static DeleteSpec deleteSpec(String streamName) {
        return new DeleteSpec(streamName, false, "Role", "Policy", SECRET);
    }
}
