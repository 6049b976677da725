package com.meter.siem.template;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.template.ResourcePolicy.Request;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may publish to the alert topic and use its key, evaluated on the deployed template's policies
 * ({@link ResourcePolicy}): moto evaluates neither topic nor key policies.
 */
class AlertTopicAccessTest {
    private static final String ACCOUNT = "123456789012";
    private static final String CHECKER_ROLE = "arn:aws:iam::123456789012:role/meter-siem-integration-HealthCheckRole-AbC";
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:meter-siem-integration-AlertTopic-AbC";
    private static final String OUR_ALARM =
            "arn:aws:cloudwatch:us-east-1:123456789012:alarm:meter-siem-integration-meter-siem-health-check-errors";
    private static final String OTHER_ALARM = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:someone-elses-alarm";
    private static final Map<String, String> KNOWN = Map.of("AWS::Partition", "aws", "AWS::Region", "us-east-1",
            "AWS::AccountId", ACCOUNT, "AWS::StackName", "meter-siem-integration", "AlertTopic", TOPIC,
            "HealthCheckRole.Arn", CHECKER_ROLE);

    private final DeployedTemplate template = DeployedTemplate.with(Map.of());
    private final ResourcePolicy topic = new ResourcePolicy(template.evaluateAll(
            template.properties("AlertTopicPolicy").path("PolicyDocument"), KNOWN));
    private final ResourcePolicy key = new ResourcePolicy(template.evaluateAll(
            template.properties("AlertTopicKey").path("KeyPolicy"), KNOWN));

    @Test
    void publish_whenTheCheckerOrThisStacksAlarm_isAllowed() {
        assertTrue(topic.allows(Request.byRole(CHECKER_ROLE, "sns:Publish", true), true));
        assertTrue(topic.allows(Request.byService("cloudwatch.amazonaws.com", "sns:Publish", OUR_ALARM, ACCOUNT),
                false));
    }

    @Test
    void publish_whenAnyOtherPrincipalOfTheAccount_isDeniedWhateverItsIdentityPolicy() {
        String insider = "arn:aws:iam::123456789012:user/insider";

        assertFalse(topic.allows(Request.byRole(insider, "sns:Publish", true), true));
    }

    @Test
    void publish_whenAnotherAlarmOrAnotherAccountsAlarm_isNotAllowed() {
        assertFalse(topic.allows(Request.byService("cloudwatch.amazonaws.com", "sns:Publish", OTHER_ALARM, ACCOUNT),
                false));
        assertFalse(topic.allows(Request.byService("cloudwatch.amazonaws.com", "sns:Publish",
                OUR_ALARM.replace(ACCOUNT, "210987654321"), "210987654321"), false));
    }

    @Test
    void anyCall_whenNotOverTls_isDenied() {
        assertFalse(topic.allows(Request.byRole(CHECKER_ROLE, "sns:Publish", false), true));
        assertFalse(topic.allows(Request.byRole("arn:aws:iam::123456789012:role/admin", "sns:DeleteTopic", false),
                true));
    }

    @Test
    void alertKey_whenCloudWatchAsksForAnotherAlarm_isNotGranted() {
        assertTrue(key.allows(Request.byService("cloudwatch.amazonaws.com", "kms:Decrypt", OUR_ALARM, ACCOUNT), false));
        assertFalse(key.allows(Request.byService("cloudwatch.amazonaws.com", "kms:Decrypt", OTHER_ALARM, ACCOUNT),
                false));
    }
}
