package com.meter.siem.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.meter.siem.integration.ExternalId;
import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.integration.Placement;
import com.meter.siem.integration.PolicyDocuments;
import com.meter.siem.integration.StreamMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ARNs, documents and descriptions the provisioner builds, pinned to exact text. */
class DomainValuesTest {
    private static final Placement PLACEMENT = Placement.fromStackId(
            "arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/meter/0a1b");
    private static final ExternalId CURRENT = ExternalId.of("current-" + "c".repeat(32));
    private static final ExternalId PREVIOUS = ExternalId.of("previous-" + "p".repeat(32));

    @Test
    void placement_whenReadFromAStackId_buildsTheArnsItManages() {
        assertEquals(new Placement("aws-cn", "cn-north-1", "123456789012"), PLACEMENT);
        assertEquals("arn:aws-cn:kinesis:cn-north-1:123456789012:stream/siem", PLACEMENT.streamArn("siem"));
        assertEquals("arn:aws-cn:iam::123456789012:role/meter-siem/Role", PLACEMENT.roleArn("Role"));
        assertEquals("arn:aws-cn:iam::123456789012:policy/meter-siem/Policy", PLACEMENT.policyArn("Policy"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/siem | siem",
            "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/ | null",
            "arn:aws-cn:kinesis:cn-north-1:210987654321:stream/siem | null",
            "create-failed-1234 | null",
            "null | null"})
    void streamNameOf_whenGivenAPhysicalId_namesOnlyThisAccountsStreams(String arn, String expected) {
        assertEquals(expected, PLACEMENT.streamNameOf(arn));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(nullValues = "null", value = {"null", "stack/meter", "arn:aws:cloudformation:us-east-1:1234:stack/x/1"})
    void fromStackId_whenNoStackArn_refusesIt(String stackId) {
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> Placement.fromStackId(stackId));

        assertEquals("StackId: must be a CloudFormation stack ARN, arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID",
                invalid.getMessage());
    }

    @Test
    void trustPolicy_whenARotationAcceptsTwoIds_listsTheCurrentFirst() {
        String policy = PolicyDocuments.trustPolicy("arn:aws:iam::458553032353:role/Meter", List.of(CURRENT, PREVIOUS));

        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::458553032353:role/Meter\"},\"Action\":\"sts:AssumeRole\",\"Condition\":"
                + "{\"StringEquals\":{\"sts:ExternalId\":[\"" + CURRENT.reveal() + "\",\"" + PREVIOUS.reveal()
                + "\"]}}}]}", policy);
        assertEquals("arn:aws:iam::458553032353:role/Meter", PolicyDocuments.trustedPrincipal(policy));
    }

    @Test
    void trustedPrincipal_whenTheDocumentNamesNone_isEmpty() {
        assertEquals("", PolicyDocuments.trustedPrincipal("{\"Statement\":[{\"Principal\":{\"Service\":\"x\"}}]}"));
        assertEquals("a", PolicyDocuments.trustedPrincipal("{\"Statement\":{\"Principal\":{\"AWS\":[\"a\",\"b\"]}}}"));
    }

    @Test
    void externalIdSecretPolicy_whenBuilt_letsOnlyTheProvisionerChangeTheIdAndOnlyOverTls() {
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"OnlyTheProvisionerChangesTheExternalId\","
                + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":[\"secretsmanager:PutSecretValue\","
                + "\"secretsmanager:UpdateSecret\",\"secretsmanager:UpdateSecretVersionStage\","
                + "\"secretsmanager:RotateSecret\",\"secretsmanager:DeleteSecret\",\"secretsmanager:TagResource\","
                + "\"secretsmanager:UntagResource\"],\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":"
                + "{\"aws:PrincipalArn\":\"arn:aws:iam::1:role/p\"}}},{\"Sid\":\"TlsOnly\",\"Effect\":\"Deny\","
                + "\"Principal\":\"*\",\"Action\":\"secretsmanager:*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":"
                + "{\"aws:SecureTransport\":\"false\"}}}]}",
                PolicyDocuments.externalIdSecretPolicy("arn:aws:iam::1:role/p"));
    }

    @Test
    void kinesisResources_whenAPolicyAlsoGrantsAKey_listsOnlyTheStreams() {
        String stream = "arn:aws:kinesis:us-east-1:123456789012:stream/siem";
        String other = "{\"Statement\":[{\"Action\":\"kinesis:PutRecord\",\"Resource\":[\"a\",\"b\"]},"
                + "{\"Action\":[\"s3:GetObject\",\"kinesis:PutRecords\"],\"Resource\":\"c\"},"
                + "{\"Action\":\"s3:PutObject\",\"Resource\":\"d\"}]}";

        assertEquals(List.of(stream), PolicyDocuments.kinesisResources(PolicyDocuments.writePolicy(stream,
                "arn:aws:kms:us-east-1:123456789012:key/k")));
        assertEquals(List.of("a", "b", "c"), PolicyDocuments.kinesisResources(other));
    }

    @Test
    void sameDocument_whenEitherIsNotJson_failsWithoutQuotingIt() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> PolicyDocuments.sameDocument("{}", "not json " + CURRENT.reveal()));

        assertEquals("IAM returned a policy document that is not JSON", failure.getMessage());
    }

    @ParameterizedTest(name = "{0} from {1} {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "1 | FINISHED | 1 | FINISHED | null",
            "1 | FINISHED | 2 | STARTED | null",
            "3 | STARTED | 2 | STARTED | null",
            "2 | STARTED | 2 | FINISHED | null",
            "2 | STARTED | 3 | STARTED | ExternalIdVersion: the rotation to version 2 is not finished; once Meter's"
                    + " dashboard has that ID, deploy with ExternalIdRotation=FINISHED, then start the next rotation",
            "1 | FINISHED | 2 | FINISHED | ExternalIdVersion: raising it to 2 starts a rotation; set"
                    + " ExternalIdRotation=STARTED with it, so that Meter's role accepts the current ID and the new one"
                    + " until you set ExternalIdRotation=FINISHED"})
    void checkStepFrom_whenTheVersionRises_refusesOnlyWhatWouldCutMeterOff(int fromVersion,
                                                                          ExternalIdRotation fromRotation, int version,
                                                                          ExternalIdRotation rotation, String problem) {
        ExternalIdSpec spec = new ExternalIdSpec("s", "", null, version, rotation);
        PreviousProperties from = new PreviousProperties("x", 1, "r", "p", fromVersion, fromRotation, Set.of());

        if (problem == null) {
            spec.checkStepFrom(from);
        } else {
            assertEquals(List.of(problem), assertThrows(InvalidPropertiesException.class,
                    () -> spec.checkStepFrom(from)).problems());
        }
    }

    @Test
    void checkStepFrom_whenAnOlderTemplateGivesTheId_acceptsAnyVersion() {
        new ExternalIdSpec("s", "", CURRENT, 5, ExternalIdRotation.FINISHED).checkStepFrom(
                new PreviousProperties("x", 1, "r", "p", 1, ExternalIdRotation.STARTED, Set.of()));

        assertNull(new ExternalIdSpec("s", "", null, 1, ExternalIdRotation.FINISHED).legacyValue());
    }

    @Test
    void describe_whenEachChange_saysWhatTheCallDoes() {
        assertEquals(List.of("switch capacity mode to ON_DEMAND", "scale shards from 2 to 4",
                "change retention from 24 to 48 hours", "enable shard-level metrics [IncomingBytes, OutgoingBytes]",
                "disable shard-level metrics [IncomingRecords]", "encrypt with KMS key alias/aws/kinesis",
                "stop encryption with KMS key alias/aws/kinesis", "tag stream with [a, b]", "remove stream tags [c]"),
                List.of(new StreamChange.SwitchMode(StreamMode.ON_DEMAND), new StreamChange.ScaleShards(2, 4),
                        new StreamChange.ChangeRetention(24, 48),
                        new StreamChange.EnableMetrics(Set.of("OutgoingBytes", "IncomingBytes")),
                        new StreamChange.DisableMetrics(Set.of("IncomingRecords")),
                        new StreamChange.StartEncryption("alias/aws/kinesis"),
                        new StreamChange.StopEncryption("alias/aws/kinesis"),
                        new StreamChange.TagStream(Map.of("b", "2", "a", "1")),
                        new StreamChange.UntagStream(Set.of("c"))).stream().map(StreamChange::describe).toList());
    }
}
