package com.meter.siem.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.meter.siem.integration.ExternalId;
import com.meter.siem.integration.ExternalIdRotation;
import com.meter.siem.integration.Placement;
import com.meter.siem.integration.ShardLevelMetrics;
import com.meter.siem.integration.StreamEncryption;
import com.meter.siem.integration.StreamMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IntegrationPropertiesTest {
    private static final Placement PLACEMENT = new Placement("aws", "us-east-1", "123456789012");

    @Test
    void parse_whenOnlyTheRequiredPropertyIsGiven_usesTheTemplateDefaults() {
        IntegrationSpec spec = IntegrationProperties.parse(Map.of("ExternalIdSecretName", "stack/meter-siem/id"), PLACEMENT);

        assertEquals(new StreamSpec("meter-siem-events", StreamMode.PROVISIONED, 1, 24,
                Set.of("IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords"),
                StreamEncryption.AWS_MANAGED_KEY, "", Map.of("Name", "Meter SIEM Integration",
                "ManagedBy", "CloudFormation", "Purpose", "Security Event Ingestion")), spec.stream());
        assertEquals("arn:aws:iam::458553032353:role/Meter-data-export", spec.access().meterServiceRoleArn());
        assertEquals(new ExternalIdSpec("stack/meter-siem/id", "", null, 1, ExternalIdRotation.FINISHED),
                spec.access().externalId());
        assertEquals("MeterSIEMIntegrationRole", spec.access().roleName());
        assertEquals("MeterSIEMKinesisWritePolicy", spec.access().policyName());
        assertEquals(true, spec.retainStreamOnDelete());
        assertEquals(false, spec.adoptExistingStream());
    }

    @Test
    void parse_whenMetricsAreAll_expandsToEveryShardLevelMetric() {
        IntegrationSpec spec = IntegrationProperties.parse(Map.of("ExternalIdSecretName", "s",
                "ShardLevelMetrics", List.of("ALL")), PLACEMENT);

        assertEquals(ShardLevelMetrics.NAMES, spec.stream().shardLevelMetrics());
    }

    @Test
    void parse_whenThePrincipalIsMetersAccountOrTheOverridesOne_acceptsIt() {
        IntegrationProperties.parse(Map.of("ExternalIdSecretName", "s",
                "MeterServiceRoleArn", "arn:aws:iam::458553032353:root"), PLACEMENT);
        IntegrationProperties.parse(Map.of("ExternalIdSecretName", "s", "MeterAccountId", "111122223333",
                "MeterServiceRoleArn", "arn:aws:iam::111122223333:role/Meter-data-export-eu"), PLACEMENT);
    }

    @Test
    void parse_whenTheOverrideIsNotAnAccountId_saysWhatItMustBe() {
        InvalidPropertiesException invalid = assertThrows(InvalidPropertiesException.class,
                () -> IntegrationProperties.parse(Map.of("ExternalIdSecretName", "s", "MeterAccountId", "4585530323"),
                        PLACEMENT));

        assertEquals("Invalid properties: MeterAccountId: must be a 12-digit AWS account ID; got '4585530323'",
                invalid.getMessage());
    }

    @Test
    void parse_whenTheAlertTopicIsInAnotherRegion_refusesItNamingBoth() {
        InvalidPropertiesException invalid = assertThrows(InvalidPropertiesException.class,
                () -> IntegrationProperties.parse(Map.of("ExternalIdSecretName", "s", "ExistingAlertTopicArn",
                        "arn:aws:sns:eu-west-1:123456789012:on-call"), PLACEMENT));

        assertEquals("Invalid properties: ExistingAlertTopicArn: the topic must be in the stack's region us-east-1,"
                + " where the alarms and the health checker publish; got a topic in eu-west-1", invalid.getMessage());
    }

    @Test
    void parse_whenTheAlertTopicIsInTheStacksRegionOrNone_acceptsIt() {
        IntegrationProperties.parse(Map.of("ExternalIdSecretName", "s", "ExistingAlertTopicArn",
                "arn:aws:sns:us-east-1:210987654321:on-call"), PLACEMENT);
        IntegrationProperties.parse(Map.of("ExternalIdSecretName", "s", "ExistingAlertTopicArn", ""), PLACEMENT);
    }

    @Test
    void parse_whenTheAlertTopicIsNotATopicArn_saysWhatItMustBe() {
        InvalidPropertiesException invalid = assertThrows(InvalidPropertiesException.class,
                () -> IntegrationProperties.parse(Map.of("ExternalIdSecretName", "s", "ExistingAlertTopicArn",
                        "arn:aws:sqs:us-east-1:123456789012:queue"), PLACEMENT));

        assertEquals("Invalid properties: ExistingAlertTopicArn: must be empty or an SNS topic ARN,"
                + " arn:aws:sns:REGION:ACCOUNT:NAME; got 'arn:aws:sqs:us-east-1:123456789012:queue'",
                invalid.getMessage());
    }

    @Test
    void parse_whenValuesHaveSurroundingSpaces_acceptsThem() {
        IntegrationSpec spec = IntegrationProperties.parse(Map.of("ExternalIdSecretName", "s",
                "KinesisShardCount", " 3 ", "RetainStreamOnDelete", "FALSE", "ResourceTags", " Team = SecOps , A=b"),
                PLACEMENT);

        assertEquals(3, spec.stream().shardCount());
        assertFalse(spec.retainStreamOnDelete());
        assertEquals("SecOps", spec.stream().tags().get("Team"));
        assertEquals("b", spec.access().tags().get("A"));
    }

    @Test
    void parse_whenAPropertyIsAMapOrNull_namesItsType() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("ExternalIdSecretName", "s");
        properties.put("KinesisShardCount", Map.of("a", "b"));
        properties.put("StreamMode", null);

        InvalidPropertiesException invalid = assertThrows(InvalidPropertiesException.class,
                () -> IntegrationProperties.parse(properties, PLACEMENT));

        assertEquals(List.of("KinesisShardCount: must be a single value, got a map"), invalid.problems());
    }

    @Test
    void toString_whenSpecHoldsALegacyExternalId_neverShowsIt() {
        String id = "0123456789abcdef0123456789abcdef";
        IntegrationSpec spec = IntegrationProperties.parse(Map.of("ExternalIdSecretName", "s", "ExternalId", id),
                PLACEMENT);

        assertFalse(spec.toString().contains(id));
        assertEquals(id, spec.access().externalId().legacyValue().reveal());
    }

    @Test
    void parse_whenControlCharactersGiven_showsThemEscaped() {
        InvalidPropertiesException invalid = assertThrows(InvalidPropertiesException.class,
                () -> IntegrationProperties.parse(Map.of("ExternalIdSecretName", "s", "IamRoleName", "a\nb"), PLACEMENT));

        assertEquals(List.of("IamRoleName: must be 1 to 64 letters, digits or _+=,.@-; got 'a\\u000ab'"),
                invalid.problems());
    }
}
