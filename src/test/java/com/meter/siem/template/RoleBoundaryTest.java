package com.meter.siem.template;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.meter.siem.template.ResourcePolicy.Request;
import com.meter.siem.testing.Events;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Code running as the provisioner (a bug, a stolen session) cannot make a role that does more than write to the
 * stream: the escalation "a policy allowing everything, a role trusting another account, attach one to the
 * other" is three calls its policy allowed before MeterRoleBoundary. Evaluated on the deployed template's
 * documents ({@link ResourcePolicy}): moto ignores permissions boundaries, and evaluates the provisioner's
 * iam:PermissionsBoundary conditions only in {@code LeastPrivilegeIT} (through strict_moto).
 */
class RoleBoundaryTest {
    private static final String ACCOUNT = InlinePolicies.ACCOUNT_ID;
    private static final String BOUNDARY = Events.ROLE_BOUNDARY_ARN;
    private static final String ROLE = "arn:aws:iam::123456789012:role/meter-siem/backdoor";
    private static final String ADMIN_POLICY = "arn:aws:iam::123456789012:policy/meter-siem/everything";
    private static final String STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/meter-siem-events";
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private final ResourcePolicy provisioner = new ResourcePolicy(InlinePolicies.of("ProvisionerRole",
            Map.of("ProvisionerLogGroup", "/aws/lambda/meter-siem-integration-provisioner",
                    "MeterRoleBoundary", BOUNDARY)));

    @Test
    void createRole_whenWithoutTheBoundaryOrWithAnother_isDenied() {
        assertFalse(provisioner.allows(Request.on("iam:CreateRole", ROLE, Map.of()), false));
        assertFalse(provisioner.allows(Request.on("iam:CreateRole", ROLE,
                Map.of("iam:PermissionsBoundary", "arn:aws:iam::aws:policy/AdministratorAccess")), false));
        assertTrue(provisioner.allows(Request.on("iam:CreateRole", ROLE, boundedBy(BOUNDARY)), false));
    }

    @Test
    void boundary_whenChangedOrRemoved_isDenied() {
        assertFalse(provisioner.allows(Request.on("iam:PutRolePermissionsBoundary", ROLE,
                Map.of("iam:PermissionsBoundary", "arn:aws:iam::aws:policy/AdministratorAccess")), false));
        assertFalse(provisioner.allows(Request.on("iam:DeleteRolePermissionsBoundary", ROLE, boundedBy(BOUNDARY)),
                false));
        for (String action : new String[] {"iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:SetDefaultPolicyVersion"}) {
            assertFalse(provisioner.allows(Request.on(action, BOUNDARY, Map.of()), false), action);
        }
        assertTrue(provisioner.allows(Request.on("iam:PutRolePermissionsBoundary", ROLE, boundedBy(BOUNDARY)), false),
                "a role made before the boundary existed can be given it");
    }

    @Test
    void attach_whenTheRoleHasNoBoundary_isDenied() {
        Map<String, String> unbounded = Map.of("iam:PolicyARN", ADMIN_POLICY);
        Map<String, String> bounded = new HashMap<>(boundedBy(BOUNDARY));
        bounded.put("iam:PolicyARN", ADMIN_POLICY);

        assertFalse(provisioner.allows(Request.on("iam:AttachRolePolicy", ROLE, unbounded), false));
        assertFalse(provisioner.allows(Request.on("iam:PutRolePolicy", ROLE, bounded), false),
                "no inline policies at all");
        assertTrue(provisioner.allows(Request.on("iam:AttachRolePolicy", ROLE, bounded), false));
    }

    /** What the escalation ends with: a bounded role with a policy allowing everything. */
    @Test
    void boundedRole_whateverItsPolicies_canOnlyWriteToTheStream() {
        ResourcePolicy boundary = boundary(Map.of());

        assertTrue(boundary.allows(Request.on("kinesis:PutRecord", STREAM, Map.of()), false));
        assertTrue(boundary.allows(Request.on("kinesis:PutRecords", STREAM, Map.of()), false));
        assertFalse(boundary.allows(Request.on("kinesis:PutRecord", STREAM.replace("meter-siem-events", "payments"),
                Map.of()), false));
        for (String action : new String[] {"kinesis:GetRecords", "kinesis:DeleteStream", "iam:CreateUser",
                "iam:AttachRolePolicy", "sts:AssumeRole", "s3:GetObject", "secretsmanager:GetSecretValue"}) {
            assertFalse(boundary.allows(Request.on(action, STREAM, Map.of()), false), action);
            assertFalse(boundary.allows(Request.on(action, "*", Map.of()), false), action);
        }
    }

    @Test
    void boundedRole_whenTheStreamHasACustomerKey_usesItOnlyThroughKinesis() {
        ResourcePolicy boundary = boundary(Map.of("StreamEncryption", "CUSTOMER_MANAGED_KEY", "KmsKeyArn", KEY));
        Map<String, String> throughKinesis = Map.of("kms:ViaService", "kinesis.us-east-1.amazonaws.com");

        assertTrue(boundary.allows(Request.on("kms:GenerateDataKey", KEY, throughKinesis), false));
        assertFalse(boundary.allows(Request.on("kms:GenerateDataKey", KEY, Map.of()), false), "directly");
        assertFalse(boundary.allows(Request.on("kms:Decrypt", KEY, Map.of("kms:ViaService",
                "s3.us-east-1.amazonaws.com")), false));
        assertFalse(boundary(Map.of()).allows(Request.on("kms:Decrypt", KEY, throughKinesis), false),
                "no key statement with the AWS managed key");
    }

    private static ResourcePolicy boundary(Map<String, String> parameters) {
        DeployedTemplate template = DeployedTemplate.with(parameters);
        JsonNode document = template.evaluateAll(template.properties("MeterRoleBoundary").path("PolicyDocument"),
                Map.of("AWS::Partition", "aws", "AWS::Region", InlinePolicies.REGION, "AWS::AccountId", ACCOUNT,
                        "AWS::StackName", InlinePolicies.STACK_NAME));
        return new ResourcePolicy(document);
    }

    private static Map<String, String> boundedBy(String boundary) {
        return Map.of("iam:PermissionsBoundary", boundary);
    }
}
