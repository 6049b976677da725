package com.meter.siem.template;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meter.siem.integration.PolicyDocuments;
import com.meter.siem.template.ResourcePolicy.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who may change, read and delete the external ID secret, evaluated on the resource policy the provisioner puts
 * on it ({@link ResourcePolicy}): moto stores a secret's resource policy but does not evaluate it. Every principal
 * here is one of the account whose identity policy allows the action, a user with SecretsManagerReadWrite, say.
 */
class ExternalIdSecretAccessTest {
    private static final String PROVISIONER = "arn:aws:iam::123456789012:role/meter-siem-integration-ProvisionerRole-AbC";
    private static final String INSIDER = "arn:aws:iam::123456789012:user/developer";
    private static final String ADMIN = "arn:aws:iam::123456789012:role/Admin";
    private static final String CHECKER = "arn:aws:iam::123456789012:role/meter-siem-integration-HealthCheckRole-AbC";

    private final ResourcePolicy secret = new ResourcePolicy(parse(
            PolicyDocuments.externalIdSecretPolicy(PROVISIONER)));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret",
            "secretsmanager:UpdateSecretVersionStage", "secretsmanager:RotateSecret", "secretsmanager:DeleteSecret",
            "secretsmanager:TagResource", "secretsmanager:UntagResource"})
    void change_whenAnyOtherPrincipalOfTheAccount_isDeniedWhateverItsIdentityPolicy(String action) {
        assertFalse(secret.allows(Request.byRole(INSIDER, action, true), true));
        assertFalse(secret.allows(Request.byRole(ADMIN, action, true), true));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage",
            "secretsmanager:DeleteSecret", "secretsmanager:TagResource", "secretsmanager:PutResourcePolicy"})
    void change_whenTheProvisioner_isAllowedSoTheStacksUpdatesAndDeleteWork(String action) {
        assertTrue(secret.allows(Request.byRole(PROVISIONER, action, true), true));
    }

    /**
     * An administrator can always take the secret back by replacing its policy, and a redeployed stack of the same
     * name (a new provisioner role) restores the secret and replaces the policy the same way.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy",
            "secretsmanager:GetResourcePolicy", "secretsmanager:RestoreSecret"})
    void policyAndRestore_whenAnAdministratorOrANewProvisioner_areNeverLockedOut(String action) {
        assertTrue(secret.allows(Request.byRole(ADMIN, action, true), true));
        assertTrue(secret.allows(Request.byRole(PROVISIONER.replace("AbC", "XyZ"), action, true), true));
    }

    /** The ID is confidential, not secret (it is in the trust policy too): reading stays with IAM policies. */
    @Test
    void read_whenTheCheckerOrAnyoneIamAllows_isAllowedAndWithoutIamIsNot() {
        assertTrue(secret.allows(Request.byRole(CHECKER, "secretsmanager:GetSecretValue", true), true));
        assertTrue(secret.allows(Request.byRole(ADMIN, "secretsmanager:GetSecretValue", true), true));
        assertFalse(secret.allows(Request.byRole(INSIDER, "secretsmanager:GetSecretValue", true), false));
    }

    @Test
    void anyCall_whenNotOverTls_isDeniedEvenToTheProvisioner() {
        assertFalse(secret.allows(Request.byRole(PROVISIONER, "secretsmanager:PutSecretValue", false), true));
        assertFalse(secret.allows(Request.byRole(CHECKER, "secretsmanager:GetSecretValue", false), true));
        assertFalse(secret.allows(Request.byRole(ADMIN, "secretsmanager:DeleteResourcePolicy", false), true));
    }

    private static JsonNode parse(String document) {
        try {
            return new ObjectMapper().readTree(document);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
