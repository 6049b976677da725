package com.meter.siem.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meter.siem.health.MetricPlan;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lambda refuses to create or update a function whose environment variables exceed 4 KB in all, so the
 * health checker's environment must fit with every parameter at the largest value the template accepts,
 * and the names and ARNs of what the stack creates at their real maximum lengths.
 */
class HealthCheckEnvironmentTest {
    private static final int LAMBDA_ENVIRONMENT_LIMIT = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();
    // The longest partition the template's ARN patterns accept, and the longest region names.
    private static final String PARTITION = "aws-us-gov";
    private static final String REGION = "ap-southeast-1";
    private static final String ACCOUNT = "123456789012";
    private static final String STACK_NAME = "s".repeat(128);
    private static final String UUID = "1234abcd-12ab-34cd-56ef-1234567890ab";

    /** The largest value each parameter the environment reads accepts; numbers and lists of values are read off the template. */
    private static final Map<String, String> LARGEST = Map.of(
            "KinesisStreamName", "k".repeat(128),
            "IamRoleName", "r".repeat(64),
            "IamPolicyName", "p".repeat(128),
            "MeterServiceRoleArn", fill("arn:aws-us-gov:iam::123456789012:role/", 'm', "MeterServiceRoleArn"),
            "KmsKeyArn", "arn:aws-us-gov:kms:" + "r".repeat(20) + ":123456789012:key/" + "k".repeat(36),
            "ExistingAlertTopicArn", "arn:aws-us-gov:sns:" + "r".repeat(20) + ":123456789012:" + "t".repeat(256),
            "ShardLevelMetrics", String.join(",", Collections.nCopies(8, "WriteProvisionedThroughputExceeded")),
            "AdditionalMonitoredStreams", streamNames(maxLength("AdditionalMonitoredStreams")));

    /** What CloudFormation gives for Ref and Fn::GetAtt of the stack's resources, at their longest. */
    private static final Map<String, String> CREATED = Map.of(
            "MeterSiemIntegration.StreamName", LARGEST.get("KinesisStreamName"),
            "MeterSiemIntegration.RoleName", LARGEST.get("IamRoleName"),
            "MeterSiemIntegration.PolicyArn", "arn:%s:iam::%s:policy/meter-siem/%s".formatted(PARTITION, ACCOUNT,
                    LARGEST.get("IamPolicyName")),
            // Secrets Manager appends a hyphen and six random characters to the name.
            "MeterSiemIntegration.ExternalIdSecretArn", "arn:%s:secretsmanager:%s:%s:secret:%s/meter-siem/external-id-AbCdEf"
                    .formatted(PARTITION, REGION, ACCOUNT, STACK_NAME),
            "StreamKey.Arn", "arn:%s:kms:%s:%s:key/%s".formatted(PARTITION, REGION, ACCOUNT, UUID),
            // CloudFormation names what the template leaves unnamed <stack name>-<logical id>-<13 characters>.
            "AlertTopic", "arn:%s:sns:%s:%s:%s".formatted(PARTITION, REGION, ACCOUNT, generatedName("AlertTopic")),
            "AlertStateTable", generatedName("AlertStateTable"),
            "HealthDashboard", STACK_NAME + "-meter-siem");

    private static String generatedName(String logicalId) {
        return STACK_NAME + "-" + logicalId + "-ABCDEFGHIJKLM";
    }

    static Stream<Arguments> largestDeployments() {
        Map<String, String> existingKeyAndTopic = new LinkedHashMap<>(LARGEST);
        existingKeyAndTopic.put("StreamEncryption", "CUSTOMER_MANAGED_KEY");
        Map<String, String> newKeyOwnTopic = new LinkedHashMap<>(LARGEST);
        newKeyOwnTopic.put("StreamEncryption", "NEW_CUSTOMER_MANAGED_KEY");
        newKeyOwnTopic.put("ExistingAlertTopicArn", "");
        return Stream.of(Arguments.of("existing key and topic", existingKeyAndTopic),
                Arguments.of("new key, own topic", newKeyOwnTopic));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("largestDeployments")
    void healthCheckEnvironment_whenEveryValueIsAtItsLargest_fitsLambdasFourKilobytes(String name,
                                                                                    Map<String, String> parameters) {
        Map<String, String> environment = environment(DeployedTemplate.with(numbersAtMaximum(parameters)));

        int size = size(environment);

        assertTrue(size <= LAMBDA_ENVIRONMENT_LIMIT, "the environment takes %d bytes of Lambda's %d: %s"
                .formatted(size, LAMBDA_ENVIRONMENT_LIMIT, sizes(environment)));
    }

    @Test
    void largestValues_whenCheckedAgainstTheTemplate_areAccepted() {
        LARGEST.forEach((parameter, value) -> assertTrue(accepts(parameter, value), parameter + " = " + value));
        assertEquals(maxLength("AdditionalMonitoredStreams"), LARGEST.get("AdditionalMonitoredStreams").length());
    }

    @Test
    void additionalMonitoredStreams_whenCounted_fitOneMetricsRequestWithTheIntegrationsStream() {
        int most = MetricPlan.MAX_STREAMS - 1;

        assertTrue(accepts("AdditionalMonitoredStreams", String.join(",", Collections.nCopies(most, "s"))));
        assertFalse(accepts("AdditionalMonitoredStreams", String.join(",", Collections.nCopies(most + 1, "s"))));
    }

    /** The environment as the transformed template sets it, Globals merged in, every intrinsic resolved. */
    private static Map<String, String> environment(DeployedTemplate template) {
        Map<String, String> known = new LinkedHashMap<>(CREATED);
        known.putAll(Map.of("AWS::Region", REGION, "AWS::Partition", PARTITION, "AWS::AccountId", ACCOUNT,
                "AWS::StackName", STACK_NAME));
        Map<String, String> environment = new LinkedHashMap<>();
        template.properties("HealthCheckFunction").at("/Environment/Variables").fields()
                .forEachRemaining(variable -> environment.put(variable.getKey(),
                        template.evaluate(variable.getValue(), known)));
        return environment;
    }

    /** Lambda stores the variables as one JSON object; its serialised size bounds what the keys and values take. */
    private static int size(Map<String, String> environment) {
        try {
            return JSON.writeValueAsString(environment).getBytes(StandardCharsets.UTF_8).length;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Integer> sizes(Map<String, String> environment) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        environment.forEach((key, value) -> sizes.put(key, key.length() + value.length()));
        return sizes;
    }

    /** Numbers at their MaxValue (or their longest allowed value): the longest text they can take. */
    private static Map<String, String> numbersAtMaximum(Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        for (String name : List.of("KinesisRetentionHours", "NoRecordsWindowMinutes", "ThrottleWindowMinutes",
                "HeadroomPercent", "OverProvisionedPercent", "OverProvisionedWindowHours", "AlertReminderMinutes",
                "ChatbotNotifications", "FirstEventsWarningDays", "IteratorAgeWarningPercent", "IteratorAgeCriticalPercent",
                "NotReadWindowMinutes")) {
            JsonNode declaration = DeployedTemplate.declaration(name);
            String largest = declaration.path("MaxValue").asText("");
            for (JsonNode allowed : declaration.path("AllowedValues")) {
                largest = allowed.asText().length() > largest.length() ? allowed.asText() : largest;
            }
            all.put(name, largest);
        }
        return all;
    }

    private static boolean accepts(String parameter, String value) {
        JsonNode declaration = DeployedTemplate.declaration(parameter);
        boolean fits = !declaration.has("MaxLength") || value.length() <= declaration.get("MaxLength").asInt();
        return fits && Pattern.matches(declaration.path("AllowedPattern").asText(".*"), value);
    }

    private static int maxLength(String parameter) {
        return DeployedTemplate.declaration(parameter).path("MaxLength").asInt();
    }

    /** {@code prefix} followed by {@code filler} up to the parameter's MaxLength. */
    private static String fill(String prefix, char filler, String parameter) {
        return prefix + String.valueOf(filler).repeat(maxLength(parameter) - prefix.length());
    }

    /** Names of 128 characters, the longest allowed, separated by commas, {@code length} characters in all. */
    private static String streamNames(int length) {
        StringBuilder names = new StringBuilder();
        while (names.length() < length) {
            names.append(names.length() % 129 == 128 ? ',' : 'a');
        }
        return names.toString();
    }
}
