package com.meter.siem.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.meter.siem.provisioning.Deployment;
import com.meter.siem.testing.Events;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ResponseUrlsTest {
    private static final String STACK = Harness.STACK_ID;
    private static final String BOUNDARY = Events.ROLE_BOUNDARY_ARN;
    private static final String OBJECT = "/arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack/"
            + "meter-siem-integration/5b4d7e40-c8a1-11ef-9f1a-0a1b2c3d4e5f%7CMeterSiemIntegration%7Cd1e2?X-Amz-Signature=ab";
    private final ResponseUrls urls = ResponseUrls.forRegion("us-east-1");

    @ParameterizedTest
    @ValueSource(strings = {"create.json", "update.json", "delete.json"})
    void accepts_whenTheEventsOfCloudFormation_acceptsTheirUrl(String file) {
        Events event = Events.load(file);

        assertTrue(urls.accepts(event.field("ResponseURL"), event.field("StackId")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com",
            "https://cloudformation-custom-resource-response-useast1.s3-us-east-1.amazonaws.com",
            "https://cloudformation-custom-resource-response-useast1.s3.us-east-1.amazonaws.com"})
    void accepts_whenAnyHostNameCloudFormationUses_acceptsIt(String host) {
        assertTrue(urls.accepts(host + OBJECT, STACK));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://cloudformation-custom-resource-response-useast1.s3.amazonaws.com",
            "https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com",
            "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com.example.net",
            "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com:8443",
            "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com@127.0.0.1",
            "https://attacker-bucket.s3.amazonaws.com",
            "https://127.0.0.1"})
    void accepts_whenAnotherHostSchemeOrPort_refusesIt(String host) {
        assertFalse(urls.accepts(host + OBJECT, STACK));
    }

    @Test
    void accepts_whenTheObjectIsAnotherStacks_refusesIt() {
        assertFalse(urls.accepts("https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com"
                + OBJECT.replace("5b4d7e40", "00000000"), STACK));
    }

    @Test
    void accepts_whenNotAUrl_refusesIt() {
        assertFalse(urls.accepts("https://[cloudformation", STACK));
    }

    @Test
    void accepts_whenATestEndpointIsSet_acceptsOnlyUrlsUnderIt() {
        ResponseUrls local = ResponseUrls.forRegion("us-east-1", "http://127.0.0.1:8080");

        assertTrue(local.accepts("http://127.0.0.1:8080/cloudformation-response/x", STACK));
        assertFalse(local.accepts("http://127.0.0.1:8081/cloudformation-response/x", STACK));
        assertFalse(local.accepts("http://127.0.0.1:80800/x", STACK));
    }

    @Test
    void from_whenStackIdIsMissingOrOfAnotherRegion_failsNamingTheVariable() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> ProvisionerEnvironment.from(Map.of("AWS_REGION", "us-east-1")));
        IllegalStateException elsewhere = assertThrows(IllegalStateException.class,
                () -> ProvisionerEnvironment.from(Map.of("AWS_REGION", "eu-west-1", "STACK_ID", STACK)));

        assertEquals("STACK_ID must be the ARN of this function's stack in us-east-1 (template.yaml sets it to"
                + " AWS::StackId); got null", missing.getMessage());
        assertTrue(elsewhere.getMessage().startsWith("STACK_ID must be the ARN of this function's stack in eu-west-1"));
    }

    @Test
    void from_whenTheTemplateSetsIt_servesThatStack() {
        ProvisionerEnvironment environment = ProvisionerEnvironment.from(Map.of("AWS_REGION", "us-east-1",
                "STACK_ID", STACK, "RETAIN_STREAM_ON_DELETE", "true", "ADOPT_EXISTING_STREAM", "false",
                "ROLE_BOUNDARY_ARN", BOUNDARY, "METER_SERVICE_ROLE_ARN", Events.METER_PRINCIPAL,
                "PROVISIONER_ROLE_ARN", "arn:aws:iam::123456789012:role/stack-ProvisionerRole-AbC"));

        assertEquals(STACK, environment.stackId());
        assertEquals(new Deployment(BOUNDARY, Events.METER_PRINCIPAL,
                "arn:aws:iam::123456789012:role/stack-ProvisionerRole-AbC"), environment.deployment());
        assertFalse(environment.responseUrls().accepts("http://127.0.0.1:8080/x", STACK), "no test endpoint");
        assertTrue(environment.retainStreamOnDelete());
        assertFalse(environment.adoptExistingStream());
    }

    @Test
    void from_whenADeploymentSettingIsMissing_failsNamingIt() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> ProvisionerEnvironment.from(
                Map.of("AWS_REGION", "us-east-1", "STACK_ID", STACK, "RETAIN_STREAM_ON_DELETE", "true",
                        "ROLE_BOUNDARY_ARN", BOUNDARY, "METER_SERVICE_ROLE_ARN", Events.METER_PRINCIPAL)));

        assertEquals("ADOPT_EXISTING_STREAM must be true or false (template.yaml sets it from the parameter of the"
                + " same name); got null", missing.getMessage());
    }

    @Test
    void from_whenTheRoleBoundaryIsMissingOrAnotherAccountsPolicy_failsNamingIt() {
        for (String boundary : new String[] {null, BOUNDARY.replace("123456789012", "210987654321"),
                "arn:aws:iam::123456789012:policy/"}) {
            Map<String, String> environment = new java.util.HashMap<>(Map.of("AWS_REGION", "us-east-1",
                    "STACK_ID", STACK, "RETAIN_STREAM_ON_DELETE", "true", "ADOPT_EXISTING_STREAM", "false"));
            environment.put("ROLE_BOUNDARY_ARN", boundary);

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> ProvisionerEnvironment.from(environment));

            assertEquals("ROLE_BOUNDARY_ARN must be the ARN of a managed policy of this account,"
                    + " arn:aws:iam::123456789012:policy/... (template.yaml sets it to MeterRoleBoundary); got "
                    + boundary, refused.getMessage());
        }
    }

    /** The external ID secret's resource policy lets only this role change the ID: never one of another account. */
    @Test
    void from_whenTheProvisionerRoleIsMissingOrInAnotherAccount_failsNamingIt() {
        Map<String, String> environment = new java.util.HashMap<>(Map.of("AWS_REGION", "us-east-1", "STACK_ID", STACK,
                "RETAIN_STREAM_ON_DELETE", "true", "ADOPT_EXISTING_STREAM", "false", "ROLE_BOUNDARY_ARN", BOUNDARY,
                "METER_SERVICE_ROLE_ARN", Events.METER_PRINCIPAL));
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> ProvisionerEnvironment.from(environment));
        environment.put("PROVISIONER_ROLE_ARN", "arn:aws:iam::210987654321:role/stack-ProvisionerRole-AbC");
        IllegalStateException elsewhere = assertThrows(IllegalStateException.class,
                () -> ProvisionerEnvironment.from(environment));

        assertEquals("PROVISIONER_ROLE_ARN must be the ARN of this function's role, in the stack's account"
                + " (template.yaml sets it to ProvisionerRole's ARN); got null", missing.getMessage());
        assertTrue(elsewhere.getMessage().startsWith("PROVISIONER_ROLE_ARN must be the ARN"), elsewhere.getMessage());
    }
}
