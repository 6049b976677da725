package com.meter.siem.health;

import static com.meter.siem.health.HealthCheckIT.finding;
import static com.meter.siem.health.HealthHarness.STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.testing.FaultProxy;
import com.meter.siem.testing.MotoExtension;
import com.meter.siem.testing.MotoServer;
import com.meter.siem.testing.Secrets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.MetricsName;

/** Changes made behind the stack's back, with the SDK, each reported by its drift check. */
@ExtendWith(MotoExtension.class)
class DriftIT {
    private static final String ROLE = "MeterSIEMIntegrationRole";
    private static final String POLICY = "arn:aws:iam::123456789012:policy/meter-siem/MeterSIEMKinesisWritePolicy";
    private static final Map<String, String> STARTED_V2 = Map.of("ExternalIdVersion", "2", "ExternalIdRotation",
            "STARTED");
    private HealthHarness aws;

    @BeforeEach
    void provisionHealthyIntegration() {
        aws = new HealthHarness();
        aws.provisionIntegration();
        aws.traffic(STREAM, 30, 600, 300_000);
    }

    /**
     * GetSecretValue is refused for a secret scheduled for deletion: the trust policy check says so, and the
     * checks that do not need the external ID still run.
     */
    @Test
    void run_whenTheExternalIdSecretIsScheduledForDeletion_reportsItAndChecksTheRest() {
        aws.clients.secretsManager().deleteSecret(r -> r.secretId(aws.secretArn()).recoveryWindowInDays(7L));

        HealthReport report = aws.checker().run();

        Finding trust = finding(report, "TrustPolicyChanged");
        assertEquals(CheckStatus.FAILING, trust.status());
        assertEquals("external ID secret scheduled for deletion", trust.observed());
        assertTrue(trust.fix().startsWith("Restore the secret"), trust.fix());
        assertEquals(CheckStatus.OK, finding(report, "RoleMissing").status());
        assertEquals(CheckStatus.OK, finding(report, "WritePolicyChanged").status());
    }

    /**
     * Each phase of a rotation as the checker sees it: started (both IDs expected, no warning within the grace
     * period, ExternalIdRotationPending with the command that finishes it after), then finished.
     */
    @Test
    void run_duringAndAfterARotation_expectsBothIdsThenWarnsAfterTheGracePeriodThenOnlyTheNewId() {
        aws.updateIntegration(Map.of(), STARTED_V2);
        ExternalIdRotationSettings started = new ExternalIdRotationSettings(ExternalIdRotation.STARTED,
                Duration.ofDays(7));

        HealthReport within = aws.checker(aws.config(List.of(STREAM), false, started)).run();

        assertEquals(CheckStatus.OK, finding(within, "TrustPolicyChanged").status());
        Finding pending = finding(within, "ExternalIdRotationPending");
        assertEquals(CheckStatus.OK, pending.status());
        assertEquals("external ID rotation started 0 days ago, within the grace period of 7 days", pending.summary());
        assertEquals(List.of(), aws.received());

        aws.clock.advance(Duration.ofDays(8).plusHours(1));
        aws.traffic(STREAM, 30, 600, 300_000);
        HealthReport after = aws.checker(aws.config(List.of(STREAM), false, started)).run();

        Finding overdue = finding(after, "ExternalIdRotationPending");
        assertEquals(CheckStatus.FAILING, overdue.status());
        assertEquals(Severity.WARNING, overdue.severity());
        assertEquals("The rotation of the external ID started 8 days ago and is not finished: IAM role " + ROLE
                + " still accepts the previous external ID as well as the current one.", overdue.summary());
        assertTrue(overdue.fix().endsWith("finish the rotation: `sam deploy --parameter-overrides"
                + " ExternalIdRotation=FINISHED` (with your other overrides; or update the stack with that"
                + " parameter)."), overdue.fix());
        assertEquals(CheckStatus.OK, finding(after, "TrustPolicyChanged").status());
        JsonNode alert = assertSingleAlert("WARNING FAILING: ExternalIdRotationPending");
        assertTrue(alert.toString().contains("ExternalIdRotation=FINISHED"), alert.toString());
        Secrets.assertAbsentIn(alert.toString(), "the rotation alert");

        aws.updateIntegration(STARTED_V2, Map.of("ExternalIdVersion", "2"));
        HealthReport finished = aws.checker().run();

        assertEquals(CheckStatus.OK, finding(finished, "TrustPolicyChanged").status());
        assertEquals("no external ID rotation in progress", finding(finished, "ExternalIdRotationPending").summary());
        assertSingleAlert("RESOLVED: ExternalIdRotationPending");
    }

    /** Both IDs are expected only while the stack says a rotation is started; anything else is drift. */
    @Test
    void run_whenTheTrustPolicyAcceptsIdsTheStackDoesNotExpect_reportsDrift() {
        aws.updateIntegration(Map.of(), STARTED_V2);
        ExternalIdRotationSettings started = new ExternalIdRotationSettings(ExternalIdRotation.STARTED,
                Duration.ofDays(7));

        Finding notStarted = finding(aws.checker().run(), "TrustPolicyChanged");
        assertEquals(CheckStatus.FAILING, notStarted.status());
        assertEquals("only MeterServiceRoleArn, with the external ID", notStarted.threshold());

        aws.clients.iam().updateAssumeRolePolicy(r -> r.roleName(ROLE).policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"AWS":"arn:aws:iam::458553032353:role/Meter-data-export"},"Action":"sts:AssumeRole",
                 "Condition":{"StringEquals":{"sts:ExternalId":["%s","%s","third-id-someone-added-0123456789abcdef"]}}}]}"""
                .formatted(current(), previous())));
        Finding third = finding(aws.checker(aws.config(List.of(STREAM), false, started)).run(), "TrustPolicyChanged");

        assertEquals(CheckStatus.FAILING, third.status());
        assertEquals("only MeterServiceRoleArn, with the current or the previous external ID (a rotation is"
                + " started)", third.threshold());
    }

    @Test
    void run_whenRetentionLowered_warns() {
        aws.clients.kinesis().increaseStreamRetentionPeriod(r -> r.streamName(STREAM).retentionPeriodHours(48));
        aws.clients.kinesis().decreaseStreamRetentionPeriod(r -> r.streamName(STREAM).retentionPeriodHours(24));
        assertEquals(CheckStatus.OK, finding(aws.checker().run(), "RetentionLowered").status(), "24 h is as deployed");
        HealthChecker expects48 = checkerExpectingRetention(48);

        HealthReport report = expects48.run();

        Finding drift = finding(report, "RetentionLowered");
        assertEquals(CheckStatus.FAILING, drift.status());
        assertEquals(Severity.WARNING, drift.severity());
        assertEquals("24 hours", drift.observed());
    }

    @Test
    void run_whenEncryptionTurnedOff_alertsCritical() {
        aws.clients.kinesis().stopStreamEncryption(r -> r.streamName(STREAM).encryptionType(EncryptionType.KMS)
                .keyId("alias/aws/kinesis"));

        HealthReport report = aws.checker().run();

        Finding drift = finding(report, "EncryptionChanged");
        assertEquals(CheckStatus.FAILING, drift.status());
        assertEquals(Severity.CRITICAL, drift.severity());
        assertEquals("not encrypted", drift.observed());
        assertSingleAlert("CRITICAL FAILING: EncryptionChanged");
    }

    @Test
    void run_whenEncryptionKeyChanged_alertsCritical() {
        aws.clients.kinesis().startStreamEncryption(r -> r.streamName(STREAM).encryptionType(EncryptionType.KMS)
                .keyId("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"));

        Finding drift = finding(aws.checker().run(), "EncryptionChanged");

        assertEquals(CheckStatus.FAILING, drift.status());
        assertEquals("encrypted with arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                drift.observed());
    }

    @Test
    void run_whenShardMetricsDisabled_warns() {
        aws.clients.kinesis().disableEnhancedMonitoring(r -> r.streamName(STREAM)
                .shardLevelMetricsWithStrings("IncomingRecords", "OutgoingBytes"));

        Finding drift = finding(aws.checker().run(), "ShardMetricsDisabled");

        assertEquals(CheckStatus.FAILING, drift.status());
        assertEquals("disabled: IncomingRecords, OutgoingBytes", drift.observed());
    }

    @Test
    void run_whenShardLevelMetricsAreAll_findsEveryMetricEnabled() {
        try (FaultProxy kinesisAsAws = new FaultProxy(MotoServer.endpoint())) {
            aws.clients.withEndpoint(kinesisAsAws.endpoint()).kinesis().enableEnhancedMonitoring(r -> r
                    .streamName(STREAM).shardLevelMetrics(MetricsName.ALL));
        }
        Map<String, String> env = HealthConfigTest.environment();
        env.put("EXPECTED_SHARD_LEVEL_METRICS", "ALL");
        ExpectedStream deployed = HealthConfig.fromEnvironment(env).expectedStream();
        ExpectedStream base = aws.config(List.of(STREAM), false).expectedStream();

        Finding check = finding(checkerExpecting(new ExpectedStream(base.retentionHours(), base.kmsKeyId(),
                deployed.shardLevelMetrics())).run(), "ShardMetricsDisabled");

        assertEquals(CheckStatus.OK, check.status(), check::toString);
    }

    @Test
    void run_whenRoleDeleted_alertsCritical() {
        aws.clients.iam().detachRolePolicy(r -> r.roleName(ROLE).policyArn(POLICY));
        aws.clients.iam().deleteRole(r -> r.roleName(ROLE));

        HealthReport report = aws.checker().run();

        assertEquals(CheckStatus.FAILING, finding(report, "RoleMissing").status());
        assertEquals(CheckStatus.UNKNOWN, finding(report, "TrustPolicyChanged").status());
        assertSingleAlert("CRITICAL FAILING: RoleMissing");
    }

    @Test
    void run_whenTrustPolicyOpenedToAnotherPrincipal_alertsCriticalWithoutShowingTheExternalId() {
        String externalId = aws.clients.secretsManager().getSecretValue(r -> r.secretId(aws.secretArn())).secretString();
        aws.clients.iam().updateAssumeRolePolicy(r -> r.roleName(ROLE).policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"AWS":["arn:aws:iam::458553032353:role/Meter-data-export","arn:aws:iam::999999999999:root"]},
                 "Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"%s"}}}]}""".formatted(externalId)));

        HealthReport report = aws.checker().run();

        assertEquals(CheckStatus.FAILING, finding(report, "TrustPolicyChanged").status());
        JsonNode alert = assertSingleAlert("CRITICAL FAILING: TrustPolicyChanged");
        assertFalse(alert.toString().contains(externalId), "the external ID must never be in an alert");
        assertFalse(report.toString().contains(externalId));
    }

    @Test
    void run_whenExternalIdConditionRemoved_alertsCritical() {
        aws.clients.iam().updateAssumeRolePolicy(r -> r.roleName(ROLE).policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"AWS":"arn:aws:iam::458553032353:role/Meter-data-export"},"Action":"sts:AssumeRole"}]}"""));

        assertEquals(CheckStatus.FAILING, finding(aws.checker().run(), "TrustPolicyChanged").status());
    }

    @Test
    void run_whenWritePolicyDetached_alertsCritical() {
        aws.clients.iam().detachRolePolicy(r -> r.roleName(ROLE).policyArn(POLICY));

        Finding drift = finding(aws.checker().run(), "WritePolicyChanged");

        assertEquals(CheckStatus.FAILING, drift.status());
        assertEquals("the write policy is detached from the role", drift.observed());
    }

    @Test
    void run_whenWritePolicyBroadened_alertsCritical() {
        aws.clients.iam().createPolicyVersion(r -> r.policyArn(POLICY).setAsDefault(true).policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:*","Resource":"*"}]}"""));

        Finding drift = finding(aws.checker().run(), "WritePolicyChanged");

        assertEquals(CheckStatus.FAILING, drift.status());
        assertEquals("the write policy allows something other than PutRecord/PutRecords on the stream",
                drift.observed());
    }

    @Test
    void run_whenAnotherPolicyAttachedOrInlined_alertsCritical() {
        String other = aws.clients.iam().createPolicy(r -> r.policyName("ReadAll").policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"""))
                .policy().arn();
        aws.clients.iam().attachRolePolicy(r -> r.roleName(ROLE).policyArn(other));
        aws.clients.iam().putRolePolicy(r -> r.roleName(ROLE).policyName("extra").policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}"""));

        Finding drift = finding(aws.checker().run(), "WritePolicyChanged");

        assertEquals("other managed policies are attached: " + other + "; inline policies were added: extra",
                drift.observed());
    }

    private String current() {
        return aws.clients.secretsManager().getSecretValue(r -> r.secretId(aws.secretArn()).versionStage("AWSCURRENT"))
                .secretString();
    }

    private String previous() {
        return aws.clients.secretsManager().getSecretValue(r -> r.secretId(aws.secretArn())
                .versionStage("AWSPREVIOUS")).secretString();
    }

    private HealthChecker checkerExpectingRetention(int hours) {
        ExpectedStream base = aws.config(List.of(STREAM), false).expectedStream();
        return checkerExpecting(new ExpectedStream(hours, base.kmsKeyId(), base.shardLevelMetrics()));
    }

    private HealthChecker checkerExpecting(ExpectedStream expected) {
        HealthConfig base = aws.config(List.of(STREAM), false);
        return aws.checker(new HealthConfig(base.streams(), base.roleName(), base.policyArn(),
                base.externalIdSecretArn(), base.meterServiceRoleArn(), expected, base.customerKeyArn(), base.partition(), base.accountId(), base.region(), base.alertTopicArn(),
                base.alertStateTable(), false, base.dashboardUrl(), base.settings(), base.externalIdRotation()));
    }

    private JsonNode assertSingleAlert(String subjectStart) {
        List<JsonNode> alerts = aws.received();
        assertEquals(1, alerts.size(), alerts::toString);
        assertTrue(alerts.get(0).get("Subject").asText().startsWith(subjectStart), alerts.get(0).get("Subject").asText());
        return alerts.get(0);
    }
}
