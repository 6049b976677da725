package com.meter.siem.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.integration.ExternalId;
import com.meter.siem.integration.ExternalIdRotation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks of the role Meter assumes, over what a run saw of it, built in memory. */
class AccessChecksTest {
    private static final String ROLE = "MeterSIEMIntegrationRole";
    private static final String POLICY_ARN = "arn:aws:iam::123456789012:policy/meter-siem/MeterSIEMKinesisWritePolicy";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"AWS\":\"arn:aws:iam::458553032353:role/Meter-data-export\"},\"Action\":\"sts:AssumeRole\","
            + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"id-0123456789abcdef0123456789abcdef\"}}}]}";
    /** The same document as IAM may return it: other key order and whitespace. */
    private static final String TRUST_REFORMATTED = "{ \"Statement\": [ { \"Action\": \"sts:AssumeRole\", \"Effect\":"
            + " \"Allow\", \"Principal\": { \"AWS\": \"arn:aws:iam::458553032353:role/Meter-data-export\" },"
            + " \"Condition\": { \"StringEquals\": { \"sts:ExternalId\": \"id-0123456789abcdef0123456789abcdef\" } } }"
            + " ], \"Version\": \"2012-10-17\" }";
    private static final String WRITE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "[\"kinesis:PutRecord\",\"kinesis:PutRecords\"],\"Resource\":\"arn:aws:kinesis:us-east-1:123456789012:"
            + "stream/siem\"}]}";
    private static final TrustPolicyChangedCheck TRUST_CHECK = new TrustPolicyChangedCheck(
            new ExternalIdRotationSettings(ExternalIdRotation.FINISHED, Duration.ofDays(7)));

    @Test
    void roleDrift_whenTheRoleExists_isOk() {
        assertEquals(Finding.ok("RoleMissing", Severity.CRITICAL, "role exists"),
                new RoleMissingCheck().evaluate(observation(TRUST, List.of(POLICY_ARN), List.of(), WRITE, TRUST)));
    }

    @Test
    void roleDrift_whenTheRoleWasDeleted_failsCriticalNamingIt() {
        Finding finding = new RoleMissingCheck().evaluate(missingRole());

        assertEquals(CheckStatus.FAILING, finding.status());
        assertEquals(Severity.CRITICAL, finding.severity());
        assertEquals("IAM role " + ROLE + ", which Meter assumes, was deleted; Meter cannot deliver events.",
                finding.summary());
        assertTrue(finding.fix().contains("(check with `aws iam get-role --role-name " + ROLE + "`)"), finding.fix());
    }

    @Test
    void roleChecks_whenTheRoleIsMissing_areUnknownSaveRoleMissing() {
        for (AccessCheck check : List.of(TRUST_CHECK, new WritePolicyChangedCheck())) {
            assertEquals(Finding.unknown(check.name(), Severity.CRITICAL, "role not found"),
                    check.evaluate(missingRole()));
        }
        assertEquals("RoleMissing", new RoleMissingCheck().name());
        assertEquals(Severity.CRITICAL, new RoleMissingCheck().severity());
    }

    @Test
    void trustPolicyDrift_whenTheSameDocumentIsReformatted_isOk() {
        assertEquals(Finding.ok("TrustPolicyChanged", Severity.CRITICAL,
                        "trust policy as deployed: Meter's principal, with the external ID"),
                TRUST_CHECK.evaluate(observation(TRUST_REFORMATTED, List.of(POLICY_ARN), List.of(), WRITE, TRUST)));
    }

    @Test
    void trustPolicyDrift_whenARotationIsStarted_namesBothIds() {
        TrustPolicyChangedCheck check = new TrustPolicyChangedCheck(
                new ExternalIdRotationSettings(ExternalIdRotation.STARTED, Duration.ofDays(7)));

        assertEquals("trust policy as deployed: Meter's principal, with the current or the previous external ID"
                + " (a rotation is started)", check.evaluate(observation(TRUST, List.of(POLICY_ARN), List.of(), WRITE,
                TRUST)).summary());
    }

    @Test
    void trustPolicyDrift_whenChanged_failsWithoutShowingTheDocuments() {
        String changed = TRUST.replace("Meter-data-export", "someone-else");

        Finding finding = TRUST_CHECK.evaluate(observation(changed, List.of(POLICY_ARN), List.of(), WRITE, TRUST));

        assertEquals(CheckStatus.FAILING, finding.status());
        assertEquals("The trust policy of IAM role " + ROLE + " was changed outside the stack: it no longer trusts only"
                + " Meter's principal with the external ID.", finding.summary());
        assertEquals("trust policy differs from the deployed one", finding.observed());
        assertEquals("only MeterServiceRoleArn, with the external ID", finding.threshold());
        assertFalse(finding.toString().contains("id-0123456789abcdef"), finding.toString());
    }

    @Test
    void trustPolicyDrift_whenTheSecretIsScheduledForDeletion_failsSayingSo() {
        Finding finding = TRUST_CHECK.evaluate(observation(TRUST, List.of(POLICY_ARN), List.of(), WRITE, null));

        assertEquals(CheckStatus.FAILING, finding.status());
        assertEquals("The secret that holds the external ID of IAM role " + ROLE + " is scheduled for deletion: the"
                + " trust policy cannot be checked, and once the secret is gone the stack can no longer update the role"
                + " or show the ID.", finding.summary());
        assertEquals("external ID secret scheduled for deletion", finding.observed());
    }

    @Test
    void writePolicyDrift_whenAsDeployed_isOk() {
        assertEquals(Finding.ok("WritePolicyChanged", Severity.CRITICAL, "write policy as deployed"),
                new WritePolicyChangedCheck().evaluate(observation(TRUST, List.of(POLICY_ARN), List.of(), WRITE, TRUST)));
    }

    @Test
    void writePolicyDrift_whenDetachedDeletedAndOthersAdded_namesEveryProblem() {
        Finding finding = new WritePolicyChangedCheck().evaluate(observation(TRUST,
                List.of("arn:aws:iam::aws:policy/AdministratorAccess"), List.of("extra", "more"), null, TRUST));

        assertEquals(CheckStatus.FAILING, finding.status());
        assertEquals("The permissions of IAM role " + ROLE + " were changed outside the stack.", finding.summary());
        assertEquals("the write policy is detached from the role; other managed policies are attached:"
                + " arn:aws:iam::aws:policy/AdministratorAccess; inline policies were added: extra, more; the write"
                + " policy was deleted", finding.observed());
        assertEquals("only " + POLICY_ARN + " attached, allowing kinesis:PutRecord and kinesis:PutRecords on the"
                + " stream", finding.threshold());
    }

    @Test
    void writePolicyDrift_whenTheDocumentAllowsMore_saysSo() {
        Finding finding = new WritePolicyChangedCheck().evaluate(observation(TRUST, List.of(POLICY_ARN), List.of(),
                WRITE.replace("kinesis:PutRecords", "kinesis:*"), TRUST));

        assertEquals("the write policy allows something other than PutRecord/PutRecords on the stream",
                finding.observed());
    }

    @Test
    void accessObservation_whenPrinted_showsNoPolicyDocument() {
        AccessObservation observation = observation(TRUST, List.of(POLICY_ARN), List.of("extra"), WRITE, TRUST);

        assertEquals("AccessObservation[roleName=" + ROLE + ", attachedPolicyArns=[" + POLICY_ARN + "],"
                + " inlinePolicyNames=[extra], writePolicyArn=" + POLICY_ARN + "]", observation.toString());
        assertTrue(observation.roleExists());
        assertFalse(observation.externalIdSecretScheduledForDeletion());
        assertFalse(missingRole().externalIdSecretScheduledForDeletion());
    }

    private static AccessObservation missingRole() {
        return new AccessObservation(ROLE, null, List.of(), List.of(), POLICY_ARN, null, null, null, null);
    }

    private static AccessObservation observation(String trust, List<String> attached, List<String> inline,
                                                 String write, String expectedTrust) {
        return new AccessObservation(ROLE, trust, attached, inline, POLICY_ARN, write, expectedTrust, WRITE, null);
    }
}
