package com.meter.siem.handler;

import static com.meter.siem.handler.Harness.POLICY_ARN;
import static com.meter.siem.handler.Harness.ROLE_NAME;
import static com.meter.siem.handler.Harness.SECRET_NAME;
import static com.meter.siem.handler.Harness.STREAM_ARN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.meter.siem.aws.CloudWatchMetrics;
import com.meter.siem.aws.DynamoDbAlertStore;
import com.meter.siem.aws.DynamoDbFirstRecords;
import com.meter.siem.aws.FirehoseDeliveryStreams;
import com.meter.siem.aws.IamRolesAndPolicies;
import com.meter.siem.aws.KinesisStreams;
import com.meter.siem.aws.SecretsManagerSecrets;
import com.meter.siem.aws.SnsAlertPublisher;
import com.meter.siem.health.AlertState;
import com.meter.siem.health.CheckStatus;
import com.meter.siem.health.ExpectedStream;
import com.meter.siem.health.ExternalIdRotationSettings;
import com.meter.siem.health.Finding;
import com.meter.siem.health.HealthChecker;
import com.meter.siem.health.HealthConfig;
import com.meter.siem.health.HealthReport;
import com.meter.siem.health.HealthSettings;
import com.meter.siem.health.Severity;
import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.provisioning.ArchiveProvisioner;
import com.meter.siem.template.InlinePolicies;
import com.meter.siem.testing.ArchiveEvents;
import com.meter.siem.testing.AuthorizingMoto;
import com.meter.siem.testing.DiscardedFindings;
import com.meter.siem.testing.Events;
import com.meter.siem.testing.MotoPolicyView;
import com.meter.siem.testing.SdkCalls;
import com.meter.siem.testing.Secrets;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The function roles of template.yaml are enough for what the functions do, and Meter's write policy
 * is no more than PutRecord and PutRecords on the stream: the provisioner's lifecycle, Meter's writes
 * and a health check run against a moto that enforces IAM, each with only the policy the template
 * (or the provisioner) gives it.
 *
 * <p>moto checks every call's action, but compares resources only for IAM roles and sts:AssumeRole
 * (see {@link AuthorizingMoto}). So each policy is given in its {@link MotoPolicyView}: resource scopes
 * moto cannot compare (streams, secrets, IAM policies, tables, topics, log groups) become "*". Those
 * scopes are asserted on the documents instead, and are not proven by these calls.
 */
class LeastPrivilegeIT {
    private static final String STREAM = "meter-siem-events";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/meter-siem/" + ROLE_NAME;
    private static final String METER_PRINCIPAL = "arn:aws:iam::458553032353:role/Meter-data-export";
    private static final String TABLE = "meter-siem-integration-AlertStateTable-1A2B3C4D5E6F";
    // The checker never calls KMS itself: SNS uses the topic's key on its behalf, which moto does not model.
    private static final String ALERT_TOPIC_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/"
            + "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    private static final String ALLOW_ALL_INLINE = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    private static AuthorizingMoto moto;

    private final Harness aws = new Harness();
    private SdkCalls provisionerCalls;
    // Allowed everything: the tests' own setup and what they read back.
    private KinesisClient adminKinesis;
    private IamClient adminIam;
    private SecretsManagerClient adminSecrets;

    @BeforeAll
    static void startMoto() {
        moto = AuthorizingMoto.start();
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    @BeforeEach
    void forgetEverything() {
        moto.reset();
        adminKinesis = moto.client(KinesisClient.builder(), moto.admin());
        adminIam = moto.client(IamClient.builder(), moto.admin());
        adminSecrets = moto.client(SecretsManagerClient.builder(), moto.admin());
    }

    @AfterEach
    void close() {
        aws.close();
        adminKinesis.close();
        adminIam.close();
        adminSecrets.close();
    }

    @Test
    void lifecycle_whenProvisionerHasOnlyItsTemplatePolicy_answersSuccessToCreateUpdateAndDelete() {
        provisionerWithTemplatePolicy();
        JsonNode created = aws.invoke(Harness.create());
        assertSuccess(created);
        String firstId = secretValue();

        assertSuccess(aws.invoke(update()));
        var stream = adminKinesis.describeStreamSummary(r -> r.streamName(STREAM))
                .streamDescriptionSummary();
        assertEquals(2, stream.openShardCount());
        assertEquals(48, stream.retentionPeriodHours());
        assertNotEquals(firstId, secretValue(), "ExternalIdVersion 2 starts a rotation of the external ID");

        assertSuccess(aws.invoke(delete()));
        assertFalse(adminKinesis.listStreams().streamNames().contains(STREAM),
                "RetainStreamOnDelete=false deletes the stream");
        assertTrue(adminIam.listRoles().roles().isEmpty(), "the role is deleted");
        assertTrue(adminIam.listPolicies(r -> r.scope("Local")).policies().isEmpty(), "the policy is deleted");
        assertTrue(adminSecrets.listSecrets().secretList().isEmpty(), "the secret is deleted");
        assertEquals(List.of(), provisionerCalls.denied(), "no call of the provisioner was refused");
    }

    /**
     * The provisioner may create a role only with MeterRoleBoundary as its permissions boundary, and change
     * only roles that boundary caps (strict_moto evaluates those conditions; moto alone does not).
     */
    @Test
    void create_whenProvisionerHasOnlyItsTemplatePolicy_capsTheRoleWithTheBoundary() {
        provisionerWithTemplatePolicy();

        assertSuccess(aws.invoke(Harness.create()));

        assertEquals(Events.ROLE_BOUNDARY_ARN, adminIam.getRole(r -> r.roleName(ROLE_NAME)).role()
                .permissionsBoundary().permissionsBoundaryArn());
        assertEquals(List.of(), provisionerCalls.denied(), "no call of the provisioner was refused");
    }

    /**
     * A role made before the boundary existed (by an earlier version of this template) gets it before
     * anything else changes on it: otherwise IAM refuses to detach its policy, and Delete fails.
     */
    @Test
    void delete_whenTheRoleWasMadeBeforeTheBoundary_capsItFirstAndRemovesIt() {
        provisionerWithTemplatePolicy();
        assertSuccess(aws.invoke(Harness.create()));
        adminIam.deleteRolePermissionsBoundary(r -> r.roleName(ROLE_NAME));

        assertSuccess(aws.invoke(delete()));

        assertTrue(adminIam.listRoles().roles().isEmpty(), "the role is deleted");
        assertTrue(provisionerCalls.actions().contains("iam:PutRolePermissionsBoundary"));
        assertEquals(List.of(), provisionerCalls.denied(), "no call of the provisioner was refused");
    }

    /** Code running as the provisioner cannot make a role that its boundary does not cap, nor uncap one. */
    @Test
    void provisioner_whenCreatingOrUncappingARoleWithoutTheBoundary_isDenied() {
        Provisioner provisioner = provisionerWithTemplatePolicy();
        assertSuccess(aws.invoke(Harness.create()));

        assertDenied("iam:CreateRole", () -> provisioner.iam.createRole(r -> r.roleName("backdoor")
                .path("/meter-siem/").assumeRolePolicyDocument(trustedBy("arn:aws:iam::210987654321:root"))));
        assertDenied("iam:PutRolePermissionsBoundary", () -> provisioner.iam.putRolePermissionsBoundary(r -> r
                .roleName(ROLE_NAME).permissionsBoundary("arn:aws:iam::aws:policy/AdministratorAccess")));
        assertDenied("iam:DeleteRolePermissionsBoundary", () -> provisioner.iam.deleteRolePermissionsBoundary(r -> r
                .roleName(ROLE_NAME)));
        adminIam.createRole(r -> r.roleName("unbounded").path("/meter-siem/")
                .assumeRolePolicyDocument(trustedBy(METER_PRINCIPAL)));
        assertDenied("iam:AttachRolePolicy", () -> provisioner.iam.attachRolePolicy(r -> r.roleName("unbounded")
                .policyArn(POLICY_ARN)));
    }

    /**
     * Every action the template grants the provisioner is either called in this lifecycle or needed by
     * a path it does not take; the list says which, so an action nobody needs does not go unnoticed.
     */
    @Test
    void provisionerPolicy_whenLifecycleRuns_grantsNoActionThatNoPathNeeds() {
        provisionerWithTemplatePolicy();
        assertSuccess(aws.invoke(Harness.create()));
        assertSuccess(aws.invoke(update()));
        assertSuccess(aws.invoke(delete()));

        String lambdaWritesTheLog = "Lambda writes the function's log with the role; the code never calls Logs";
        String roleHeld = "a role IAM refuses to delete (DeleteConflict): the reason names what holds it";
        Map<String, String> notCalled = new TreeMap<>(Map.ofEntries(
                Map.entry("logs:CreateLogStream", lambdaWritesTheLog),
                Map.entry("logs:PutLogEvents", lambdaWritesTheLog),
                Map.entry("kinesis:UpdateStreamMode", "a StreamMode change"),
                Map.entry("kinesis:DecreaseStreamRetentionPeriod", "a lower KinesisRetentionHours"),
                Map.entry("kinesis:DisableEnhancedMonitoring", "a metric removed from ShardLevelMetrics"),
                Map.entry("kinesis:StopStreamEncryption", "StreamEncryption NONE, or another key"),
                Map.entry("iam:CreatePolicyVersion", "a new write policy document: stream renamed, or another key"),
                Map.entry("iam:DeletePolicyVersion",
                        "IAM's limit of five policy versions, and Delete of a policy with versions"),
                Map.entry("iam:ListRolePolicies", roleHeld),
                Map.entry("iam:PutRolePermissionsBoundary",
                        "a role made before its boundary existed, by an earlier version of this template"),
                Map.entry("iam:ListInstanceProfilesForRole", roleHeld),
                Map.entry("secretsmanager:RestoreSecret", "this stack's secret, scheduled for deletion by someone, or"
                        + " left by a deleted stack of the same name"),
                Map.entry("secretsmanager:UpdateSecretVersionStage", "the rollback of a rotation's start, or a start"
                        + " redone after it (called in assumeRole_duringAndAfterARotation...)")));
        Set<String> granted = actions(provisionerPolicy());
        Set<String> unused = new TreeSet<>(granted);
        unused.removeAll(provisionerCalls.actions());
        assertEquals(notCalled.keySet(), unused, "granted, never called, and needed by no path listed here");
        assertTrue(granted.containsAll(provisionerCalls.actions()), "moto would have refused anything else");
    }

    /**
     * moto compares the role a call names with the statement's role/meter-siem/* scope, and (see
     * {@link AuthorizingMoto}) a role not yet created with the ARN IAM would use. Not shown: the
     * policy/meter-siem/* scope of the policy actions, which moto does not compare at all.
     */
    @Test
    void provisioner_whenChangingARoleOutsideMeterSiemPath_isDenied() {
        IamClient iam = provisionerWithTemplatePolicy().iam;
        assertSuccess(aws.invoke(Harness.create()));
        adminIam.createRole(r -> r.roleName("ops-admin").path("/")
                .assumeRolePolicyDocument(trustedBy("arn:aws:iam::123456789012:root")));

        assertDenied("iam:CreateRole", () -> iam.createRole(r -> r.roleName("backdoor").path("/")
                .assumeRolePolicyDocument(trustedBy(METER_PRINCIPAL))));
        assertDenied("iam:GetRole", () -> iam.getRole(r -> r.roleName("ops-admin")));
        assertDenied("iam:GetRole", () -> iam.getRole(r -> r.roleName("not-yet-created")));
        assertDenied("iam:AttachRolePolicy", () -> iam.attachRolePolicy(r -> r.roleName("ops-admin")
                .policyArn("arn:aws:iam::aws:policy/AdministratorAccess")));
        assertDenied("iam:UpdateAssumeRolePolicy", () -> iam.updateAssumeRolePolicy(r -> r.roleName("ops-admin")
                .policyDocument(trustedBy(METER_PRINCIPAL))));
        assertDenied("iam:TagRole", () -> iam.tagRole(r -> r.roleName("ops-admin").tags(t -> t.key("k").value("v"))));
        assertDenied("iam:DeleteRole", () -> iam.deleteRole(r -> r.roleName("ops-admin")));
        // The same calls on the integration's role pass: the lifecycle test updates, tags and deletes it.
    }

    /**
     * A role made by hand with the console guide sits at path /, outside the provisioner's write scope. The
     * provisioner may still look its name up, so Create fails saying the role exists (not AccessDenied), and
     * the rollback's Delete, which looks it up again, succeeds and leaves it alone.
     */
    @Test
    void create_whenARoleOfThatNameWasMadeByHand_failsSayingSoAndTheRollbackKeepsIt() {
        provisionerWithTemplatePolicy();
        adminIam.createRole(r -> r.roleName(ROLE_NAME).path("/").assumeRolePolicyDocument(trustedBy(METER_PRINCIPAL)));

        JsonNode created = aws.invoke(Harness.create());

        assertEquals("FAILED", created.path("Status").asText());
        assertTrue(created.path("Reason").asText().startsWith("Create failed at step 'read role " + ROLE_NAME
                + "': IAM role " + ROLE_NAME + " already exists and was not created by this stack"), created::toString);
        JsonNode rollback = aws.invoke(Harness.delete().withPhysicalResourceId(created.path("PhysicalResourceId").asText()));
        assertSuccess(rollback);
        assertEquals("/", adminIam.getRole(r -> r.roleName(ROLE_NAME)).role().path(), "the hand-made role is kept");
        assertTrue(adminIam.listPolicies(r -> r.scope("Local")).policies().isEmpty(), "no policy left");
        assertTrue(adminSecrets.listSecrets().secretList().isEmpty(), "no secret left");
        assertEquals(List.of(), provisionerCalls.denied(), "no call of the provisioner was refused");
    }

    /**
     * IAM refuses to delete a role that policies or instance profiles still hold (DeleteConflict). The
     * reason names each of them, with only the template's permissions, and a Delete after they are gone
     * succeeds.
     */
    @Test
    void delete_whenSomethingOutsideTheStackHoldsTheRole_failsNamingItAndSucceedsOnceItIsGone() {
        provisionerWithTemplatePolicy();
        assertSuccess(aws.invoke(Harness.create()));
        String extra = adminIam.createPolicy(r -> r.policyName("ops-extra").policyDocument(ALLOW_ALL_INLINE))
                .policy().arn();
        adminIam.attachRolePolicy(r -> r.roleName(ROLE_NAME).policyArn(extra));
        adminIam.putRolePolicy(r -> r.roleName(ROLE_NAME).policyName("ops-inline").policyDocument(ALLOW_ALL_INLINE));
        adminIam.createInstanceProfile(r -> r.instanceProfileName("ops-profile"));
        adminIam.addRoleToInstanceProfile(r -> r.instanceProfileName("ops-profile").roleName(ROLE_NAME));

        JsonNode refused = aws.invoke(delete());

        assertEquals("FAILED", refused.path("Status").asText());
        String reason = refused.path("Reason").asText();
        assertTrue(reason.startsWith("Delete failed at step 'delete role " + ROLE_NAME + "': DeleteConflict: "), reason);
        assertTrue(reason.endsWith("IAM role " + ROLE_NAME + " is still used by what this stack did not add:"
                + " attached policies " + extra + ", inline policies ops-inline, instance profiles ops-profile."
                + " Detach or remove them if nothing else needs them, then retry."), reason);
        assertTrue(adminIam.getRole(r -> r.roleName(ROLE_NAME)).role() != null, "the role is kept");
        assertEquals(List.of(), provisionerCalls.denied(), "listing what holds the role is allowed");

        adminIam.removeRoleFromInstanceProfile(r -> r.instanceProfileName("ops-profile").roleName(ROLE_NAME));
        adminIam.deleteRolePolicy(r -> r.roleName(ROLE_NAME).policyName("ops-inline"));
        adminIam.detachRolePolicy(r -> r.roleName(ROLE_NAME).policyArn(extra));
        assertSuccess(aws.invoke(delete()));
        assertTrue(adminIam.listRoles().roles().isEmpty(), "the role is deleted");
    }

    /**
     * Actions outside the template's lists are refused, whatever the resource. Not shown here: that the
     * provisioner cannot touch a secret outside "meter-siem-integration/meter-siem/*" or a stream of another
     * account or region. moto authorizes Secrets Manager and Kinesis calls against "*", so the view grants
     * those actions on any secret and stream; the scope is only in the template.
     */
    @Test
    void provisioner_whenCallingAnActionItsPolicyLacks_isDenied() {
        Provisioner provisioner = provisionerWithTemplatePolicy();
        assertSuccess(aws.invoke(Harness.create()));

        assertDenied("iam:PutRolePolicy", () -> provisioner.iam.putRolePolicy(r -> r.roleName(ROLE_NAME)
                .policyName("more").policyDocument(ALLOW_ALL_INLINE)));
        assertDenied("iam:CreateUser", () -> provisioner.iam.createUser(r -> r.userName("someone")));
        assertDenied("kinesis:PutRecord", () -> provisioner.kinesis.putRecord(r -> r.streamName(STREAM)
                .partitionKey("k").data(SdkBytes.fromUtf8String("forged event"))));
        assertDenied("kinesis:GetShardIterator", () -> provisioner.kinesis.getShardIterator(r -> r.streamName(STREAM)
                .shardId("shardId-000000000000").shardIteratorType(ShardIteratorType.TRIM_HORIZON)));
        assertDenied("secretsmanager:ListSecrets", () -> provisioner.secrets.listSecrets());
        try (StsClient sts = moto.client(StsClient.builder(), provisioner.credentials)) {
            assertDenied("sts:AssumeRole", () -> sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("provisioner")
                    .externalId(secretValue())));
        }
    }

    @Test
    void writePolicy_whenReadBack_isExactlyPutRecordAndPutRecordsOnTheStream() {
        provisionerWithTemplatePolicy();
        assertSuccess(aws.invoke(Harness.create()));
        assertEquals(List.of(POLICY_ARN), adminIam.listAttachedRolePolicies(r -> r.roleName(ROLE_NAME))
                .attachedPolicies().stream().map(p -> p.policyArn()).toList());
        assertEquals(List.of(), adminIam.listRolePolicies(r -> r.roleName(ROLE_NAME)).policyNames(),
                "no inline policy");
        assertEquals(MotoPolicyView.parse("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Action":["kinesis:PutRecord","kinesis:PutRecords"],
                 "Resource":"arn:aws:kinesis:us-east-1:123456789012:stream/meter-siem-events"}]}"""), writePolicy());
        assertEquals(MotoPolicyView.parse("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"AWS":"%s"},"Action":"sts:AssumeRole",
                 "Condition":{"StringEquals":{"sts:ExternalId":"%s"}}}]}""".formatted(METER_PRINCIPAL, secretValue())),
                trustPolicy());
    }

    @Test
    void assumeRole_whenExternalIdWrong_isRefused() {
        provisionerWithTemplatePolicy();
        assertSuccess(aws.invoke(Harness.create()));
        try (StsClient sts = moto.client(StsClient.builder(), meterStandIn())) {
            assertDenied("sts:AssumeRole", () -> sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("meter")
                    .externalId("0".repeat(64))));
            // Without any external ID: refused as AWS refuses it (strict_moto makes moto evaluate the missing key).
            assertDenied("sts:AssumeRole", () -> sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("meter")));
            // The right ID is accepted by the same trust policy: the condition, not the principal, refused it.
            sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("meter").externalId(secretValue()));
        }
    }

    /**
     * Issue 18's promise, with IAM enforced: while a rotation is started Meter's role accepts the ID Meter had and
     * the new one, after it is finished only the new one, and a wrong or missing ID never. The provisioner does
     * each step, and CloudFormation's rollback of each, with only its template policy.
     */
    @Test
    void assumeRole_duringAndAfterARotation_acceptsBothIdsThenOnlyTheNewOneAndNeverAWrongOne() {
        provisionerWithTemplatePolicy();
        assertSuccess(aws.invoke(Harness.create()));
        String oldId = secretValue();
        AwsCredentialsProvider meter = meterStandIn();

        assertSuccess(aws.invoke(Harness.startRotation()));
        String newId = secretValue();
        assertNotEquals(oldId, newId);
        try (StsClient sts = moto.client(StsClient.builder(), meter)) {
            standInTrust();
            assumes(sts, oldId);
            assumes(sts, newId);
            refused(sts, "0".repeat(64));
            assertDenied("sts:AssumeRole", () -> sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("meter")));

            assertSuccess(aws.invoke(Harness.finishRotation()));
            standInTrust();
            assumes(sts, newId);
            refused(sts, oldId);
            refused(sts, "0".repeat(64));

            // CloudFormation's rollback of the finish: both again.
            assertSuccess(aws.invoke(Harness.startRotation().withOldProperty("ExternalIdVersion", "2")));
            standInTrust();
            assumes(sts, oldId);
            assumes(sts, newId);

            // ...and of the start: the ID Meter had, alone and current again.
            assertSuccess(aws.invoke(Harness.rollbackOfStart()));
            standInTrust();
            assertEquals(oldId, secretValue());
            assumes(sts, oldId);
            refused(sts, newId);
        }
        assertEquals(List.of(), provisionerCalls.denied(), "no call of the provisioner was refused");
    }

    /**
     * The write policy as the provisioner wrote it would refuse even PutRecord on its own stream here,
     * because moto authorizes Kinesis calls against "*"; so its view (the same two actions on "*") becomes
     * the policy's default version, and the calls show that these two actions, and no other, are granted.
     * Not shown: PutRecord on another stream refused, which the view grants; the write policy test asserts
     * the document's single stream ARN instead.
     */
    @Test
    void meterSession_whenAssumedWithTheExternalId_putsRecordsAndNothingElse() {
        provisionerWithTemplatePolicy();
        assertSuccess(aws.invoke(Harness.create()));
        AwsCredentialsProvider session;
        try (StsClient sts = moto.client(StsClient.builder(), meterStandIn())) {
            Credentials credentials = sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("meter")
                    .externalId(secretValue())).credentials();
            session = StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(),
                    credentials.secretAccessKey(), credentials.sessionToken()));
        }
        adminIam.createPolicyVersion(r -> r.policyArn(POLICY_ARN).setAsDefault(true)
                .policyDocument(MotoPolicyView.of(writePolicy())));
        KinesisClient kinesis = moto.client(KinesisClient.builder(), session);

        kinesis.putRecord(r -> r.streamName(STREAM).partitionKey("k").data(SdkBytes.fromUtf8String("event 1")));
        var batch = kinesis.putRecords(r -> r.streamName(STREAM).records(
                PutRecordsRequestEntry.builder().partitionKey("k").data(SdkBytes.fromUtf8String("event 2")).build(),
                PutRecordsRequestEntry.builder().partitionKey("k").data(SdkBytes.fromUtf8String("event 3")).build()));
        assertEquals(0, batch.failedRecordCount());

        assertDenied("kinesis:DeleteStream", () -> kinesis.deleteStream(r -> r.streamName(STREAM)));
        assertDenied("kinesis:GetShardIterator", () -> kinesis.getShardIterator(r -> r.streamName(STREAM)
                .shardId("shardId-000000000000").shardIteratorType(ShardIteratorType.TRIM_HORIZON)));
        assertDenied("kinesis:UpdateShardCount", () -> kinesis.updateShardCount(r -> r.streamName(STREAM)
                .targetShardCount(2).scalingType("UNIFORM_SCALING")));
    }

    /**
     * A check the checker cannot do for want of a permission reports UNKNOWN (or fails the run, for the
     * alert table and topic); with the template's policy none does, and every grant but two is called.
     */
    @Test
    void healthChecker_whenRunWithItsTemplatePolicy_findsNothingUnknown() {
        provisionerWithTemplatePolicy();
        JsonNode created = aws.invoke(Harness.create());
        assertSuccess(created);
        String secretArn = created.path("Data").path("ExternalIdSecretArn").asText();
        DynamoDbClient adminDynamoDb = moto.client(DynamoDbClient.builder(), moto.admin());
        adminDynamoDb.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("AlertKey").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("AlertKey").keyType(KeyType.HASH)));
        String tableArn = adminDynamoDb.describeTable(r -> r.tableName(TABLE)).table().tableArn();
        String topicArn = moto.client(SnsClient.builder(), moto.admin()).createTopic(r -> r.name("meter-siem-alerts"))
                .topicArn();
        String streamArn = created.path("Data").path("StreamArn").asText();
        // The SIEM reading with enhanced fan-out: the checker lists it (kinesis:ListStreamConsumers).
        moto.client(KinesisClient.builder(), moto.admin()).registerStreamConsumer(r -> r.streamARN(streamArn)
                .consumerName("siem"));
        JsonNode policy = InlinePolicies.of("HealthCheckRole", Map.of(
                "HealthCheckLogGroup", "/aws/lambda/meter-siem-integration-health-check",
                "MeterSiemIntegration.StreamArn", streamArn,
                "MeterSiemIntegration.ExternalIdSecretArn", secretArn,
                "AlertStateTable.Arn", tableArn,
                "AlertTopic", topicArn,
                "AlertTopicKey.Arn", ALERT_TOPIC_KEY_ARN));
        AwsCredentialsProvider checker = moto.user("health-check", MotoPolicyView.of(policy));
        SdkCalls calls = new SdkCalls();

        HealthReport report = healthChecker(checker, calls, secretArn, topicArn).run();
        // The alert store's two paths a healthy run does not take: telling its own write from another
        // run's when an answer was lost, and giving back the state of an alert that could not be sent.
        DynamoDbAlertStore store = new DynamoDbAlertStore(moto.client(DynamoDbClient.builder(), checker, calls), TABLE);
        AlertState claimed = new AlertState("least-privilege", CheckStatus.FAILING, Severity.WARNING, Instant.EPOCH,
                Instant.EPOCH, 1);
        assertTrue(store.replace(null, claimed));
        assertFalse(store.replace(null, claimed), "a second claim of an absent state loses to the first");
        store.restore(claimed, null);
        assertEquals(Map.of(), store.load(List.of("least-privilege")));

        List<Finding> unknown = report.findings().get(STREAM).stream()
                .filter(f -> f.status() == CheckStatus.UNKNOWN).toList();
        assertEquals(List.of(), unknown);
        assertEquals(List.of(), calls.denied(), "no call of the checker was refused");
        assertFalse(report.sent().isEmpty(), "AwaitingFirstEvents was published: sns:Publish and dynamodb:PutItem pass");
        // moto does not compare a stream's scope (see MotoPolicyView): the document shows it.
        List<String> listScopes = new ArrayList<>();
        policy.path("Statement").forEach(statement -> {
            if (actions(statement).contains("kinesis:ListStreamConsumers")) {
                listScopes.add(statement.path("Resource").asText());
            }
        });
        assertEquals(List.of(streamArn), listScopes, "consumers are listed on the integration's stream only");
        Set<String> unused = new TreeSet<>(actions(policy));
        unused.removeAll(calls.actions());
        assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents", "kms:GenerateDataKey", "kms:Decrypt"), unused,
                "Lambda writes the log, and SNS uses the topic's key on the checker's behalf;"
                        + " every other grant is called");


        // Deleted by hand, the role must read as missing, not as a refusal: IAM authorizes GetRole of a name
        // that does not exist against role/NAME, outside /meter-siem/.
        IamClient adminIam = moto.client(IamClient.builder(), moto.admin());
        adminIam.listAttachedRolePolicies(r -> r.roleName(ROLE_NAME)).attachedPolicies().forEach(attached ->
                adminIam.detachRolePolicy(r -> r.roleName(ROLE_NAME).policyArn(attached.policyArn())));
        adminIam.deleteRole(r -> r.roleName(ROLE_NAME));
        HealthReport afterDeletion = healthChecker(checker, calls, secretArn, topicArn).run();
        assertEquals(List.of(CheckStatus.FAILING), afterDeletion.findings().get(STREAM).stream()
                .filter(f -> f.check().equals("RoleMissing")).map(Finding::status).toList());
        assertEquals(List.of(), calls.denied(), "no call of the checker was refused, the role gone");
    }

    /** With EnableS3Archive=true the provisioner also makes the archive's delivery stream, and removes it. */
    @Test
    void archive_whenProvisionerHasOnlyItsTemplatePolicy_createsAndDeletesTheDeliveryStream() {
        JsonNode policy = InlinePolicies.of("ProvisionerRole", Map.of("EnableS3Archive", "true"), Map.of(
                "ProvisionerLogGroup", "/aws/lambda/meter-siem-integration-provisioner",
                "MeterRoleBoundary", Events.ROLE_BOUNDARY_ARN, "ArchiveDeliveryRole.Arn", ArchiveEvents.DELIVERY_ROLE_ARN));
        AwsCredentialsProvider credentials = moto.user("provisioner", MotoPolicyView.of(policy));
        SdkCalls calls = new SdkCalls();
        aws.archives = new ArchiveProvisioner(new FirehoseDeliveryStreams(
                moto.client(FirehoseClient.builder(), credentials, calls)), List.of(), Duration.ofMillis(20),
                Duration.ofSeconds(5));
        Events archive = ArchiveEvents.of("Create");

        JsonNode created = aws.invoke(archive);
        assertSuccess(created);
        assertSuccess(aws.invoke(archive.withField("RequestType", "Delete")
                .withPhysicalResourceId(created.get("PhysicalResourceId").asText())));

        assertEquals(List.of(), calls.denied(), "no call of the provisioner was refused");
        assertEquals(Set.of("firehose:CreateDeliveryStream", "firehose:DescribeDeliveryStream",
                "firehose:ListTagsForDeliveryStream", "firehose:DeleteDeliveryStream"), calls.actions());
        assertEquals(List.of(), moto.client(FirehoseClient.builder(), moto.admin())
                .listDeliveryStreams(r -> r.limit(10)).deliveryStreamNames());
    }

    // ---------------------------------------------------------------------------------------------

    /** The provisioner's clients, with only ProvisionerRole's policy; the handler of {@link #aws} uses them. */
    private Provisioner provisionerWithTemplatePolicy() {
        AwsCredentialsProvider credentials = moto.user("provisioner", MotoPolicyView.of(provisionerPolicy()));
        provisionerCalls = new SdkCalls();
        Provisioner provisioner = new Provisioner(credentials,
                moto.client(KinesisClient.builder(), credentials, provisionerCalls),
                moto.client(IamClient.builder(), credentials, provisionerCalls),
                moto.client(SecretsManagerClient.builder(), credentials, provisionerCalls));
        aws.streamGateway = new KinesisStreams(provisioner.kinesis, Duration.ofSeconds(10), Duration.ofMillis(50));
        aws.iamGateway = new IamRolesAndPolicies(provisioner.iam);
        aws.secretGateway = new SecretsManagerSecrets(provisioner.secrets);
        return provisioner;
    }

    private static JsonNode provisionerPolicy() {
        return InlinePolicies.of("ProvisionerRole",
                Map.of("ProvisionerLogGroup", "/aws/lambda/meter-siem-integration-provisioner",
                        "MeterRoleBoundary", Events.ROLE_BOUNDARY_ARN));
    }

    private HealthChecker healthChecker(AwsCredentialsProvider credentials, SdkCalls calls, String secretArn,
                                        String topicArn) {
        HealthConfig config = new HealthConfig(List.of(STREAM), ROLE_NAME, POLICY_ARN, secretArn, METER_PRINCIPAL,
                new ExpectedStream(24, "alias/aws/kinesis",
                        Set.of("IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords")),
                "", "aws", AuthorizingMoto.ACCOUNT_ID, "us-east-1", topicArn, TABLE, false,
                "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/x",
                HealthSettings.defaults(), new ExternalIdRotationSettings(ExternalIdRotation.FINISHED, Duration.ofDays(7)));
        KinesisStreams kinesis = new KinesisStreams(moto.client(KinesisClient.builder(), credentials, calls));
        return new HealthChecker(kinesis, kinesis, new CloudWatchMetrics(moto.client(CloudWatchClient.builder(), credentials, calls)),
                new IamRolesAndPolicies(moto.client(IamClient.builder(), credentials, calls)),
                new SecretsManagerSecrets(moto.client(SecretsManagerClient.builder(), credentials, calls)),
                new DynamoDbAlertStore(moto.client(DynamoDbClient.builder(), credentials, calls), TABLE),
                new DynamoDbFirstRecords(moto.client(DynamoDbClient.builder(), credentials, calls), TABLE),
                new SnsAlertPublisher(moto.client(SnsClient.builder(), credentials, calls), topicArn, false),
                new DiscardedFindings(), config, Clock.systemUTC());
    }

    /**
     * A user of this account standing in for Meter's service role, with leave to assume the integration's
     * role. moto evaluates a trust policy only for a caller of the role's own account, and matches its
     * principal literally against the caller's own ARN (never the role a session came from); from Meter's
     * account the trust policy would not be evaluated at all. So the trust policy's principal is replaced
     * by this user; its condition, which checks the external ID, stays exactly as the provisioner wrote it.
     */
    private AwsCredentialsProvider meterStandIn() {
        AwsCredentialsProvider meter = moto.user("meter-data-export", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"%s"}]}"""
                .formatted(ROLE_ARN));
        standInTrust();
        return meter;
    }

    /** The stand-in as the trust policy's principal, again after each Update has written Meter's back. */
    private void standInTrust() {
        ObjectNode trust = (ObjectNode) trustPolicy();
        ((ObjectNode) trust.path("Statement").get(0).path("Principal"))
                .put("AWS", "arn:aws:iam::123456789012:user/meter-data-export");
        adminIam.updateAssumeRolePolicy(r -> r.roleName(ROLE_NAME).policyDocument(trust.toString()));
    }

    private static void assumes(StsClient sts, String externalId) {
        sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("meter").externalId(externalId));
    }

    private static void refused(StsClient sts, String externalId) {
        assertDenied("sts:AssumeRole", () -> sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("meter")
                .externalId(externalId)));
    }

    /**
     * update.json's shards 1 to 2 and retention 24 to 48 hours, the Environment tag dropped and Team added
     * (untagged on the stream; tagged on the stream, role and policy), and ExternalIdVersion 2 with
     * ExternalIdRotation=STARTED, which starts a rotation of the ID.
     */
    private static Events update() {
        return Events.load("update.json")
                .withProperty("ResourceTags", "Team=Security,ManagedBy=Security Team")
                .withProperty("ExternalIdVersion", "2")
                .withProperty("ExternalIdRotation", "STARTED");
    }

    private static Events delete() {
        return Events.load("delete.json")
                .withProperty("KinesisShardCount", "2")
                .withProperty("KinesisRetentionHours", "48")
                .withProperty("ResourceTags", "Team=Security,ManagedBy=Security Team")
                .withProperty("ExternalIdVersion", "2")
                .withProperty("ExternalIdRotation", "STARTED")
                .withProperty("RetainStreamOnDelete", "false");
    }

    private JsonNode trustPolicy() {
        return decoded(adminIam.getRole(r -> r.roleName(ROLE_NAME)).role().assumeRolePolicyDocument());
    }

    private JsonNode writePolicy() {
        String version = adminIam.getPolicy(r -> r.policyArn(POLICY_ARN)).policy().defaultVersionId();
        return decoded(adminIam.getPolicyVersion(r -> r.policyArn(POLICY_ARN).versionId(version)).policyVersion()
                .document());
    }

    private String secretValue() {
        String value = adminSecrets.getSecretValue(r -> r.secretId(SECRET_NAME).versionStage("AWSCURRENT"))
                .secretString();
        Secrets.remember(value);
        return value;
    }

    /** IAM returns documents URL-encoded. */
    private static JsonNode decoded(String document) {
        return MotoPolicyView.parse(URLDecoder.decode(document, StandardCharsets.UTF_8));
    }

    private static String trustedBy(String principal) {
        return """
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Principal":{"AWS":"%s"},"Action":"sts:AssumeRole"}]}"""
                .formatted(principal);
    }

    /** The actions of a policy, or of one statement. */
    private static Set<String> actions(JsonNode policyOrStatement) {
        Set<String> actions = new TreeSet<>();
        JsonNode statements = policyOrStatement.has("Statement") ? policyOrStatement.path("Statement")
                : JsonNodeFactory.instance.arrayNode().add(policyOrStatement);
        for (JsonNode statement : statements) {
            JsonNode action = statement.path("Action");
            if (action.isArray()) {
                action.forEach(a -> actions.add(a.asText()));
            } else {
                actions.add(action.asText());
            }
        }
        return actions;
    }

    /** With the refused calls: a refusal's reason may not reach the answer (see {@link #assertDenied}). */
    private void assertSuccess(JsonNode response) {
        assertEquals("SUCCESS", response.path("Status").asText(),
                () -> "answered " + response.path("Reason") + "; refused calls: " + provisionerCalls.denied());
    }

    /**
     * moto refuses with HTTP 403 and IAM's message in an XML body shaped like EC2's errors, which the SDK
     * does not parse for any of these services: the exception has no error code or message, the raw body has them.
     */
    private static void assertDenied(String action, Executable call) {
        AwsServiceException refused = assertThrows(AwsServiceException.class, call, action + " should be refused");
        String raw = refused.awsErrorDetails() == null || refused.awsErrorDetails().rawResponse() == null
                ? "" : refused.awsErrorDetails().rawResponse().asUtf8String();
        assertEquals(403, refused.statusCode(), refused::getMessage);
        assertTrue((refused.getMessage() + raw).contains("is not authorized to perform: " + action),
                () -> "expected a refusal of " + action + ", got: " + refused.getMessage() + " " + raw);
    }

    private record Provisioner(AwsCredentialsProvider credentials, KinesisClient kinesis, IamClient iam,
                               SecretsManagerClient secrets) {
    }
}
