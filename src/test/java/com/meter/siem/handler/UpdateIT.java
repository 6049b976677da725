package com.meter.siem.handler;

import static com.meter.siem.handler.Harness.ROLE_NAME;
import static com.meter.siem.handler.Harness.SECRET_NAME;
import static com.meter.siem.handler.Harness.STREAM_ARN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.provisioning.StreamChange;
import com.meter.siem.provisioning.StreamChange.ScaleShards;
import com.meter.siem.provisioning.StreamGateway;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.Secrets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;

/** Every kind of Update, applied in place to a stack created from events/create.json. */
@ExtendWith(MotoExtension.class)
class UpdateIT {
    private static final String KEY_A = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String KEY_B = "arn:aws:kms:us-east-1:123456789012:key/9876fedc-12ab-34cd-56ef-1234567890ab";
    private final Harness aws = new Harness();

    @BeforeEach
    void createIntegration() {
        assertEquals("SUCCESS", aws.invoke(Harness.create()).get("Status").asText());
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @ParameterizedTest(name = "{0} -> {1} shards in steps {2}")
    @CsvSource({"1, 5, 2 4 5", "1, 2, 2", "8, 3, 4 3", "4, 1, 2 1"})
    void update_whenShardCountChanges_scalesInDoublingOrHalvingSteps(int from, int to, String steps) {
        assertSuccess(aws.invoke(Harness.updateFromCreate().withProperty("KinesisShardCount", String.valueOf(from))));
        assertEquals(from, aws.stream("meter-siem-events").openShardCount());
        StreamGateway streams = spy(aws.streamGateway);
        aws.streamGateway = streams;

        JsonNode response = aws.invoke(Harness.updateFromCreate()
                .withOldProperty("KinesisShardCount", String.valueOf(from))
                .withProperty("KinesisShardCount", String.valueOf(to)));

        assertSuccess(response);
        assertEquals(STREAM_ARN, response.get("PhysicalResourceId").asText(), "an in-place update keeps the id");
        assertEquals(to, aws.stream("meter-siem-events").openShardCount());
        ArgumentCaptor<StreamChange> changes = ArgumentCaptor.forClass(StreamChange.class);
        verify(streams, atLeastOnce()).apply(eq("meter-siem-events"), eq(STREAM_ARN), changes.capture());
        assertEquals(steps, changes.getAllValues().stream().filter(ScaleShards.class::isInstance)
                .map(c -> String.valueOf(((ScaleShards) c).to())).collect(Collectors.joining(" ")));
    }

    @Test
    void update_whenCapacityModeSwitches_changesItBothWays() {
        assertSuccess(aws.invoke(Harness.updateFromCreate().withProperty("StreamMode", "ON_DEMAND")));
        assertEquals("ON_DEMAND", aws.stream("meter-siem-events").streamModeDetails().streamModeAsString());

        assertSuccess(aws.invoke(Harness.updateFromCreate().withOldProperty("StreamMode", "ON_DEMAND")
                .withProperty("KinesisShardCount", "2")));

        var stream = aws.stream("meter-siem-events");
        assertEquals("PROVISIONED", stream.streamModeDetails().streamModeAsString());
        assertEquals(2, stream.openShardCount());
    }

    @Test
    void update_whenCapacityModeSwitchedTooOften_failsSayingWhy() {
        StreamGateway streams = spy(aws.streamGateway);
        doThrow(KinesisException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("LimitExceededException")
                .errorMessage("Stream meter-siem-events has exceeded the number of capacity mode updates allowed")
                .build()).build())
                .when(streams).apply(eq("meter-siem-events"), eq(STREAM_ARN), any(StreamChange.SwitchMode.class));
        aws.streamGateway = streams;

        JsonNode response = aws.invoke(Harness.updateFromCreate().withProperty("StreamMode", "ON_DEMAND"));

        assertEquals("FAILED", response.get("Status").asText());
        assertEquals("Update failed at step 'switch capacity mode to ON_DEMAND on stream meter-siem-events':"
                + " LimitExceededException: Stream meter-siem-events has exceeded the number of capacity mode updates"
                + " allowed (a Kinesis limit was reached (shard quota, or at most two capacity-mode switches and ten"
                + " shard-count changes per stream per 24 hours); retry later or request a quota increase).",
                response.get("Reason").asText());
        assertEquals("PROVISIONED", aws.stream("meter-siem-events").streamModeDetails().streamModeAsString());
    }

    @Test
    void update_whenRetentionChanges_raisesAndLowersIt() {
        assertSuccess(aws.invoke(Harness.updateFromCreate().withProperty("KinesisRetentionHours", "168")));
        assertEquals(168, aws.stream("meter-siem-events").retentionPeriodHours());

        assertSuccess(aws.invoke(Harness.updateFromCreate().withOldProperty("KinesisRetentionHours", "168")));
        assertEquals(24, aws.stream("meter-siem-events").retentionPeriodHours());
    }

    @Test
    void update_whenShardLevelMetricsChange_enablesAndDisablesExactlyThose() {
        assertSuccess(aws.invoke(Harness.updateFromCreate().withProperty("ShardLevelMetrics",
                List.of("IncomingBytes", "IncomingRecords", "WriteProvisionedThroughputExceeded"))));

        assertEquals(Set.of("IncomingBytes", "IncomingRecords", "WriteProvisionedThroughputExceeded"),
                Set.copyOf(aws.stream("meter-siem-events").enhancedMonitoring().get(0).shardLevelMetricsAsStrings()));
    }

    @Test
    void update_whenEncryptionChanges_turnsItOffOnAndChangesTheKey() {
        assertSuccess(aws.invoke(Harness.updateFromCreate().withProperty("StreamEncryption", "NONE")));
        assertEquals(EncryptionType.NONE, aws.stream("meter-siem-events").encryptionType());

        assertSuccess(aws.invoke(Harness.updateFromCreate().withProperty("StreamEncryption", "CUSTOMER_MANAGED_KEY")
                .withProperty("KmsKeyArn", KEY_A)));
        assertEquals(KEY_A, aws.stream("meter-siem-events").keyId());
        assertEquals(KEY_A, aws.attachedPolicyDocument(ROLE_NAME).at("/Statement/1/Resource").asText());

        assertSuccess(aws.invoke(Harness.updateFromCreate().withProperty("StreamEncryption", "CUSTOMER_MANAGED_KEY")
                .withProperty("KmsKeyArn", KEY_B)));
        assertEquals(KEY_B, aws.stream("meter-siem-events").keyId());
        assertEquals(KEY_B, aws.attachedPolicyDocument(ROLE_NAME).at("/Statement/1/Resource").asText());

        assertSuccess(aws.invoke(Harness.updateFromCreate()));
        assertEquals("alias/aws/kinesis", aws.stream("meter-siem-events").keyId());
        assertTrue(aws.attachedPolicyDocument(ROLE_NAME).at("/Statement/1").isMissingNode(),
                "the KMS grant goes with the customer managed key");
    }

    @Test
    void update_whenTagsChange_addsNewAndRemovesDroppedUserTags() {
        aws.kinesis.addTagsToStream(r -> r.streamName("meter-siem-events").tags(Map.of("CostCenter", "42")));

        assertSuccess(aws.invoke(Harness.updateFromCreate().withProperty("ResourceTags", "Team=SecOps")));

        Map<String, String> tags = aws.streamTags("meter-siem-events");
        assertEquals("SecOps", tags.get("Team"));
        assertFalse(tags.containsKey("Environment"), "a tag dropped from ResourceTags is removed");
        assertEquals("CloudFormation", tags.get("ManagedBy"), "the seeds' tag returns once the user's override goes");
        assertEquals("42", tags.get("CostCenter"), "tags someone else set are left alone");
        var roleTags = aws.iam.getRole(r -> r.roleName(ROLE_NAME)).role().tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
        assertEquals("SecOps", roleTags.get("Team"));
        assertFalse(roleTags.containsKey("Environment"), "the role loses the dropped tag too");
        var policyTags = aws.iam.listPolicyTags(r -> r.policyArn(Harness.POLICY_ARN)).tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
        assertEquals("SecOps", policyTags.get("Team"));
        assertFalse(policyTags.containsKey("Environment"), "and so does the policy");
    }

    /** A mistyped account ID in the principal would trust a stranger's account: refused unless overridden. */
    @Test
    void update_whenMeterPrincipalIsInAnotherAccountWithoutTheOverride_failsAndKeepsTheTrustPolicy() {
        JsonNode before = aws.trustPolicy(ROLE_NAME);

        JsonNode response = aws.invoke(Harness.updateFromCreate().withProperty("MeterServiceRoleArn",
                "arn:aws:iam::458553032354:root"));

        assertEquals("FAILED", response.get("Status").asText());
        assertEquals("Invalid properties: MeterServiceRoleArn: must be in Meter's account 458553032353 (MeterAccountId);"
                + " got account 458553032354. If Meter gave you a principal in another account, set MeterAccountId"
                + " to that account too", response.get("Reason").asText());
        assertEquals(before, aws.trustPolicy(ROLE_NAME));
    }

    @Test
    void update_whenMeterPrincipalChanges_rewritesTheTrustPolicyKeepingTheExternalId() {
        String externalId = aws.secretValue(SECRET_NAME);
        String principal = "arn:aws:iam::111122223333:role/Meter-data-export-eu";
        aws.deployedPrincipal = principal;

        assertSuccess(aws.invoke(Harness.updateFromCreate().withProperty("MeterServiceRoleArn", principal)
                .withProperty("MeterAccountId", "111122223333")));

        JsonNode statement = aws.trustPolicy(ROLE_NAME).at("/Statement/0");
        assertEquals(principal, statement.at("/Principal/AWS").asText());
        assertEquals(externalId, statement.at("/Condition/StringEquals/sts:ExternalId").asText());
    }

    @Test
    void update_whenNothingAboutTheIdChanges_keepsTheGeneratedId() {
        String before = aws.secretValue(SECRET_NAME);

        assertSuccess(aws.invoke(Harness.updateFromCreate().withProperty("KinesisRetentionHours", "48")));

        assertEquals(before, aws.secretValue(SECRET_NAME));
        assertEquals(List.of(before), aws.trustedExternalIds(ROLE_NAME));
    }

    /**
     * A stack deployed before the ExternalId parameter went away: the update to today's template no longer passes
     * the ID it supplied, and the secret keeps it (no outage), until a rotation replaces it.
     */
    @Test
    void update_whenTheOldTemplateSuppliedTheId_keepsItInTheSecretAndTheTrustPolicy() {
        String supplied = "a".repeat(40);
        Secrets.remember(supplied);
        assertSuccess(aws.invoke(Harness.updateFromCreate().withProperty("ExternalId", supplied)));
        assertEquals(List.of(supplied), aws.trustedExternalIds(ROLE_NAME));

        assertSuccess(aws.invoke(Harness.updateFromCreate().withOldProperty("ExternalId", supplied)));

        assertEquals(supplied, aws.secretValue(SECRET_NAME));
        assertEquals(List.of(supplied), aws.trustedExternalIds(ROLE_NAME));
    }

    /** CloudFormation's rollback of that update sends the old template's properties to today's function. */
    @Test
    void update_whenRolledBackToTheOldTemplatesSuppliedId_storesAndTrustsIt() {
        String supplied = "b".repeat(40);
        Secrets.remember(supplied);

        assertSuccess(aws.invoke(Harness.updateFromCreate().withProperty("ExternalId", supplied)
                .withoutProperty("ExternalIdRotation").withoutProperty("ExistingExternalIdSecretArn")));

        assertEquals(supplied, aws.secretValue(SECRET_NAME));
        assertEquals(List.of(supplied), aws.trustedExternalIds(ROLE_NAME));
    }

    @Test
    void update_whenRoleAndPolicyRenamed_replacesThemInPlaceAndRemovesTheOldOnes() {
        JsonNode response = aws.invoke(Harness.updateFromCreate().withProperty("IamRoleName", "MeterSiemWriter")
                .withProperty("IamPolicyName", "MeterSiemWrite"));

        assertSuccess(response);
        assertEquals(STREAM_ARN, response.get("PhysicalResourceId").asText());
        assertEquals("arn:aws:iam::123456789012:role/meter-siem/MeterSiemWriter",
                response.at("/Data/RoleArn").asText());
        assertFalse(aws.roleExists(ROLE_NAME));
        assertFalse(aws.policyExists(Harness.POLICY_ARN));
        assertEquals(STREAM_ARN, aws.attachedPolicyDocument("MeterSiemWriter").at("/Statement/0/Resource").asText());
    }

    @Test
    void update_whenStreamRenamed_createsANewStreamUnderANewIdAndLeavesTheOldOne() {
        JsonNode response = aws.invoke(Harness.updateFromCreate().withProperty("KinesisStreamName", "siem-v2"));

        assertSuccess(response);
        String newArn = "arn:aws:kinesis:us-east-1:123456789012:stream/siem-v2";
        assertEquals(newArn, response.get("PhysicalResourceId").asText());
        assertEquals("ACTIVE", aws.stream("siem-v2").streamStatusAsString());
        assertTrue(aws.streamExists("meter-siem-events"), "only CloudFormation's Delete of the old id touches it");
        assertEquals(newArn, aws.attachedPolicyDocument(ROLE_NAME).at("/Statement/0/Resource").asText());
    }

    @Test
    void delete_whenOldIdAfterReplacement_deletesOnlyTheOldStream() {
        aws.invoke(Harness.updateFromCreate().withProperty("KinesisStreamName", "siem-v2"));

        JsonNode response = aws.invoke(Harness.delete().withProperty("RetainStreamOnDelete", "false"));

        assertSuccess(response);
        assertEquals(STREAM_ARN, response.get("PhysicalResourceId").asText());
        assertFalse(aws.streamExists("meter-siem-events"));
        assertTrue(aws.streamExists("siem-v2"));
        assertTrue(aws.roleExists(ROLE_NAME), "the role now serves the new stream");
        assertTrue(aws.secretExists(SECRET_NAME));
    }

    @Test
    void update_whenRepeated_convergesWithoutError() {
        Events update = Harness.updateFromCreate().withProperty("KinesisShardCount", "3")
                .withProperty("StreamMode", "PROVISIONED").withProperty("ResourceTags", "Team=SecOps");

        assertSuccess(aws.invoke(update));
        assertSuccess(aws.invoke(Harness.updateFromCreate().withProperty("KinesisShardCount", "3")
                .withProperty("ResourceTags", "Team=SecOps")));

        assertEquals(3, aws.stream("meter-siem-events").openShardCount());
        assertEquals(1, aws.iam.listPolicyVersions(r -> r.policyArn(Harness.POLICY_ARN)).versions().size());
    }

    @Test
    void update_whenPropertiesInvalid_failsBeforeChangingAnything() {
        JsonNode response = aws.invoke(Harness.updateFromCreate().withProperty("KinesisRetentionHours", "9000")
                .withProperty("KinesisShardCount", "4"));

        assertEquals("FAILED", response.get("Status").asText());
        assertEquals(STREAM_ARN, response.get("PhysicalResourceId").asText());
        assertEquals("Invalid properties: KinesisRetentionHours: must be a whole number from 24 to 8760; got '9000'",
                response.get("Reason").asText());
        assertEquals(1, aws.stream("meter-siem-events").openShardCount());
    }


    private static void assertSuccess(JsonNode response) {
        assertEquals("SUCCESS", response.get("Status").asText(), () -> response.path("Reason").asText());
    }
}
