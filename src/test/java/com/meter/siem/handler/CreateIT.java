package com.meter.siem.handler;

import static com.meter.siem.handler.Harness.POLICY_ARN;
import static com.meter.siem.handler.Harness.ROLE_NAME;
import static com.meter.siem.handler.Harness.SECRET_NAME;
import static com.meter.siem.handler.Harness.STREAM_ARN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.integration.PolicyDocuments;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.Secrets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;

@ExtendWith(MotoExtension.class)
class CreateIT {
    private static final String SUPPLIED_ID = "9167190a4095f18bb33c84d75f9596366ee0cd392332e72f130f66da38c320d3";
    private final Harness aws = new Harness();

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void create_whenDefaults_answersSuccessWithTheDashboardValues() {
        JsonNode response = aws.invoke(Harness.create());

        assertEquals("SUCCESS", response.get("Status").asText());
        assertEquals(STREAM_ARN, response.get("PhysicalResourceId").asText());
        assertEquals("arn:aws:cloudformation:us-east-1:123456789012:stack/meter-siem-integration/"
                + "5b4d7e40-c8a1-11ef-9f1a-0a1b2c3d4e5f", response.get("StackId").asText());
        assertEquals("0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6", response.get("RequestId").asText());
        assertEquals("MeterSiemIntegration", response.get("LogicalResourceId").asText());
        assertFalse(response.get("NoEcho").asBoolean());
        JsonNode data = response.get("Data");
        assertEquals(Set.of("StreamArn", "StreamName", "RoleArn", "RoleName", "PolicyArn", "ExternalIdSecretArn"),
                Set.copyOf(iterate(data.fieldNames())));
        assertEquals(STREAM_ARN, data.get("StreamArn").asText());
        assertEquals("meter-siem-events", data.get("StreamName").asText());
        assertEquals("arn:aws:iam::123456789012:role/meter-siem/MeterSIEMIntegrationRole", data.get("RoleArn").asText());
        assertEquals(POLICY_ARN, data.get("PolicyArn").asText());
        assertTrue(data.get("ExternalIdSecretArn").asText()
                .startsWith("arn:aws:secretsmanager:us-east-1:123456789012:secret:" + SECRET_NAME + "-"));
    }

    @Test
    void create_whenDefaults_buildsTheStreamOfTheSeeds() {
        aws.invoke(Harness.create());

        var stream = aws.stream("meter-siem-events");
        assertEquals("ACTIVE", stream.streamStatusAsString());
        assertEquals("PROVISIONED", stream.streamModeDetails().streamModeAsString());
        assertEquals(1, stream.openShardCount());
        assertEquals(24, stream.retentionPeriodHours());
        assertEquals(Set.of("IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords"),
                Set.copyOf(stream.enhancedMonitoring().get(0).shardLevelMetricsAsStrings()));
        assertEquals(EncryptionType.KMS, stream.encryptionType());
        assertEquals("alias/aws/kinesis", stream.keyId());
        Map<String, String> tags = aws.streamTags("meter-siem-events");
        assertEquals("Meter SIEM Integration", tags.get("Name"));
        assertEquals("Security Event Ingestion", tags.get("Purpose"));
        assertEquals("Security Team", tags.get("ManagedBy"), "user tags override the seeds' tags");
        assertEquals("Production", tags.get("Environment"));
        assertEquals("MeterSiemIntegration", tags.get("meter-siem:logical-id"));
    }

    @Test
    void create_whenNoExternalIdGiven_generatesOneAndTrustsOnlyMeterWithIt() {
        aws.invoke(Harness.create());

        String externalId = aws.secretValue(SECRET_NAME);
        assertTrue(externalId.matches("[0-9a-f]{64}"), "32 random bytes as hex");
        JsonNode trust = aws.trustPolicy(ROLE_NAME);
        assertEquals(Harness.read("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"AWS":"arn:aws:iam::458553032353:role/Meter-data-export"},
                 "Action":"sts:AssumeRole",
                 "Condition":{"StringEquals":{"sts:ExternalId":"%s"}}}]}""".formatted(externalId)), trust);
    }

    /** Only CloudFormation's rollback to a template from before ExistingExternalIdSecretArn still sends one. */
    @Test
    void create_whenAnOlderTemplateGivesTheExternalId_usesItAndKeepsItInTheSecret() {
        aws.invoke(Harness.create().withProperty("ExternalId", SUPPLIED_ID));

        assertEquals(SUPPLIED_ID, aws.secretValue(SECRET_NAME));
        assertEquals(List.of(SUPPLIED_ID), aws.trustedExternalIds(ROLE_NAME));
    }

    /** moto stores the policy without evaluating it: ExternalIdSecretAccessTest evaluates this document. */
    @Test
    void create_whenIdGenerated_protectsTheSecretWithItsResourcePolicy() {
        aws.invoke(Harness.create());

        assertEquals(Harness.read(PolicyDocuments.externalIdSecretPolicy(Harness.PROVISIONER_ROLE_ARN)),
                Harness.read(aws.secrets.getResourcePolicy(r -> r.secretId(SECRET_NAME)).resourcePolicy()));
    }

    @Test
    void create_whenTheUsersOwnSecretIsGiven_trustsItsValueAndCreatesNoSecretOfItsOwn() {
        String own = "own-" + "c".repeat(40);
        Secrets.remember(own);
        String arn = aws.secrets.createSecret(r -> r.name("security/meter-external-id").secretString(own)).arn();

        JsonNode created = aws.invoke(Harness.create().withProperty("ExistingExternalIdSecretArn", arn));

        assertEquals("SUCCESS", created.path("Status").asText(), created::toString);
        assertEquals(arn, created.at("/Data/ExternalIdSecretArn").asText());
        assertEquals(List.of(own), aws.trustedExternalIds(ROLE_NAME));
        assertFalse(aws.secretExists(SECRET_NAME), "no secret of the stack's own");

        JsonNode deleted = aws.invoke(Harness.delete().withProperty("ExistingExternalIdSecretArn", arn));

        assertEquals("SUCCESS", deleted.path("Status").asText(), deleted::toString);
        assertEquals(own, aws.secrets.getSecretValue(r -> r.secretId(arn)).secretString(), "the user's secret stays");
        assertNull(aws.secrets.describeSecret(r -> r.secretId(arn)).deletedDate());
    }

    @Test
    void create_whenTheUsersSecretHoldsNoUsableId_failsNamingThePropertyWithoutTheValue() {
        String arn = aws.secrets.createSecret(r -> r.name("security/meter-external-id").secretString("short id"))
                .arn();

        JsonNode created = aws.invoke(Harness.create().withProperty("ExistingExternalIdSecretArn", arn));

        assertEquals("FAILED", created.path("Status").asText());
        String reason = created.path("Reason").asText();
        assertTrue(reason.contains("secret %s (ExistingExternalIdSecretArn) must hold an external ID of 32 to 1224"
                .formatted(arn)), reason);
        assertFalse(reason.contains("short id"), reason);
        assertFalse(aws.roleExists(ROLE_NAME));
    }

    /**
     * The secret of a deleted stack of the same name waits out its recovery window; deploying the stack again
     * restores it, so the ID in Meter's dashboard keeps working, and takes it over with this stack's tags and
     * policy.
     */
    @Test
    void create_whenADeletedStackOfThisNameLeftItsSecret_restoresItAndKeepsTheId() {
        String earlier = "arn:aws:cloudformation:us-east-1:123456789012:stack/meter-siem-integration/"
                + "0f0e0d0c-c8a1-11ef-9f1a-0a1b2c3d4e5f";
        String id = "d".repeat(64);
        Secrets.remember(id);
        aws.secrets.createSecret(r -> r.name(SECRET_NAME).secretString(id).tags(
                software.amazon.awssdk.services.secretsmanager.model.Tag.builder().key("meter-siem:stack-id")
                        .value(earlier).build(),
                software.amazon.awssdk.services.secretsmanager.model.Tag.builder().key("meter-siem:logical-id")
                        .value("MeterSiemIntegration").build()));
        aws.secrets.deleteSecret(r -> r.secretId(SECRET_NAME).recoveryWindowInDays(7L));

        JsonNode created = aws.invoke(Harness.create());

        assertEquals("SUCCESS", created.path("Status").asText(), created::toString);
        var secret = aws.secrets.describeSecret(r -> r.secretId(SECRET_NAME));
        assertNull(secret.deletedDate(), "restored");
        assertTrue(secret.tags().stream().anyMatch(t -> t.key().equals("meter-siem:stack-id")
                && t.value().equals(Harness.STACK_ID)), secret.tags().toString());
        assertEquals(id, aws.secretValue(SECRET_NAME));
        assertEquals(List.of(id), aws.trustedExternalIds(ROLE_NAME));
        assertEquals(Harness.read(PolicyDocuments.externalIdSecretPolicy(Harness.PROVISIONER_ROLE_ARN)),
                Harness.read(aws.secrets.getResourcePolicy(r -> r.secretId(SECRET_NAME)).resourcePolicy()));
    }

    @Test
    void create_whenDefaults_attachesOnlyPutRecordsOnThisStream() {
        aws.invoke(Harness.create());

        assertEquals(Harness.read("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Action":["kinesis:PutRecord","kinesis:PutRecords"],
                 "Resource":"%s"}]}""".formatted(STREAM_ARN)), aws.attachedPolicyDocument(ROLE_NAME));
        assertEquals("/meter-siem/", aws.iam.getRole(r -> r.roleName(ROLE_NAME)).role().path());
    }

    @Test
    void create_whenCustomerManagedKey_grantsUseOfThatKeyOnly() {
        String key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        aws.invoke(Harness.create().withProperty("StreamEncryption", "CUSTOMER_MANAGED_KEY")
                .withProperty("KmsKeyArn", key));

        assertEquals(key, aws.stream("meter-siem-events").keyId());
        JsonNode kms = aws.attachedPolicyDocument(ROLE_NAME).at("/Statement/1");
        assertEquals(Harness.read("""
                {"Effect":"Allow","Action":["kms:GenerateDataKey","kms:Decrypt"],"Resource":"%s",
                 "Condition":{"StringEquals":{"kms:ViaService":"kinesis.us-east-1.amazonaws.com"}}}""".formatted(key)),
                kms);
    }

    @Test
    void create_whenOnDemand_createsAnOnDemandStream() {
        aws.invoke(Harness.create().withProperty("StreamMode", "ON_DEMAND").withProperty("StreamEncryption", "NONE"));

        var stream = aws.stream("meter-siem-events");
        assertEquals("ON_DEMAND", stream.streamModeDetails().streamModeAsString());
        assertEquals(EncryptionType.NONE, stream.encryptionType());
    }

    @Test
    void create_whenRepeated_convergesToTheSameState() {
        JsonNode first = aws.invoke(Harness.create());
        String externalId = aws.secretValue(SECRET_NAME);

        JsonNode second = aws.invoke(Harness.create());

        assertEquals("SUCCESS", second.get("Status").asText());
        assertEquals(first.get("PhysicalResourceId"), second.get("PhysicalResourceId"));
        assertEquals(first.get("Data"), second.get("Data"));
        assertEquals(externalId, aws.secretValue(SECRET_NAME), "a retried Create keeps the generated ID");
        assertEquals(1, aws.iam.listPolicyVersions(r -> r.policyArn(POLICY_ARN)).versions().size());
        assertEquals(List.of("meter-siem-events"), aws.kinesis.listStreams().streamNames());
    }

    @Test
    void create_whenStreamExistsAndAdoptionNotAllowed_failsAndLeavesItAlone() {
        aws.kinesis.createStream(r -> r.streamName("meter-siem-events").shardCount(3));

        JsonNode response = aws.invoke(Harness.create());

        assertEquals("FAILED", response.get("Status").asText());
        assertEquals(STREAM_ARN, response.get("PhysicalResourceId").asText());
        assertEquals("Create failed at step 'describe stream meter-siem-events': Kinesis stream meter-siem-events"
                + " already exists and was not created by this stack. Set AdoptExistingStream to true to manage it"
                + " (it will never be deleted), or choose another KinesisStreamName.",
                response.get("Reason").asText());
        assertEquals(3, aws.stream("meter-siem-events").openShardCount());
        assertTrue(aws.streamTags("meter-siem-events").isEmpty());
        assertFalse(aws.roleExists(ROLE_NAME));
        assertFalse(aws.secretExists(SECRET_NAME));
    }

    @Test
    void create_whenStreamExistsAndAdoptionAllowed_managesItWithoutOwningIt() {
        aws.kinesis.createStream(r -> r.streamName("meter-siem-events").shardCount(2));

        JsonNode response = aws.invoke(Harness.create().withProperty("AdoptExistingStream", "true"));

        assertEquals("SUCCESS", response.get("Status").asText());
        assertEquals(1, aws.stream("meter-siem-events").openShardCount(), "the spec is applied to the adopted stream");
        Map<String, String> tags = aws.streamTags("meter-siem-events");
        assertFalse(tags.containsKey("meter-siem:stack-id"));
        assertTrue(tags.containsKey("meter-siem:adopted-by-stack-id"));
    }

    @Test
    void create_whenRoleNameTakenByHandMadeRole_failsAndRemovesWhatItCreated() {
        aws.iam.createRole(r -> r.roleName(ROLE_NAME).assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::458553032353:root\"},"
                + "\"Action\":\"sts:AssumeRole\"}]}"));

        JsonNode response = aws.invoke(Harness.create());

        assertEquals("FAILED", response.get("Status").asText());
        assertEquals("Create failed at step 'read role MeterSIEMIntegrationRole': IAM role MeterSIEMIntegrationRole"
                + " already exists and was not created by this stack (made by hand?); delete it or set IamRoleName to"
                + " another name Removed what this attempt created: policy MeterSIEMKinesisWritePolicy, secret "
                + SECRET_NAME + ", stream meter-siem-events.", response.get("Reason").asText());
        assertFalse(aws.streamExists("meter-siem-events"));
        assertFalse(aws.policyExists(POLICY_ARN));
        assertFalse(aws.secretExists(SECRET_NAME));
        assertTrue(aws.roleExists(ROLE_NAME), "the hand-made role is not ours to delete");
    }

    @Test
    void create_whenAwsRejectsAStepMidway_removesEverythingAndNamesTheStepAndError() {
        var iam = spy(aws.iamGateway);
        doThrow(IamException.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("AccessDenied").errorMessage("not authorized to perform iam:AttachRolePolicy").build())
                .build()).when(iam).attach(anyString(), anyString());
        aws.iamGateway = iam;

        JsonNode response = aws.invoke(Harness.create());

        assertEquals("FAILED", response.get("Status").asText());
        assertEquals("Create failed at step 'attach policy MeterSIEMKinesisWritePolicy to role MeterSIEMIntegrationRole':"
                + " AccessDenied: not authorized to perform iam:AttachRolePolicy (the provisioner's role lacks a"
                + " permission; see ProvisionerRole in template.yaml). Removed what this attempt created: role "
                + "MeterSIEMIntegrationRole, policy MeterSIEMKinesisWritePolicy, secret " + SECRET_NAME
                + ", stream meter-siem-events.", response.get("Reason").asText());
        assertFalse(aws.streamExists("meter-siem-events"));
        assertFalse(aws.roleExists(ROLE_NAME));
        assertFalse(aws.policyExists(POLICY_ARN));
        assertFalse(aws.secretExists(SECRET_NAME));
    }

    private static <T> List<T> iterate(java.util.Iterator<T> iterator) {
        List<T> items = new java.util.ArrayList<>();
        iterator.forEachRemaining(items::add);
        return items;
    }
}
